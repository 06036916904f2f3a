#pragma once
// What `veil-cli info` prints and what the GUI's status shows, from one place.
#include "study/StudyIndex.h"

#include <QJsonObject>

#include <string>

namespace veil {

std::string indexReportJson(const StudyIndex& index);
QJsonObject indexReportObject(const StudyIndex& index); // what indexReportJson prints
std::string indexReportText(const StudyIndex& index);

} // namespace veil
