#pragma once
// How the dialogs show core's problem lists: one bullet per problem, sentence case, HTML-escaped.
#include "common/Problems.h"

#include <QString>

namespace veil::ui {

// First letter up: core writes its problems as sentence fragments.
QString sentenceCase(const QString& s);
// "• Problem<br>• Problem…", at most `max` lines and a "… and N more".
QString problemBullets(const Problems& problems, int max = 8);

} // namespace veil::ui
