#pragma once
// The review's de-identification profile: release level, the ten PS3.15 options and
// per-attribute overrides. The panel shows a ProfileChoice and reports edits as a new one;
// it changes nothing itself (the controller puts the change on the undo stack). Conversion
// and checking are core's (review/ReviewProfile.h).
#include "deid/Options.h"
#include "review/ReviewProfile.h"

#include <QWidget>
#include <array>

class QCheckBox;
class QLabel;
class QPushButton;
class QRadioButton;
class QTableWidget;

namespace veil::ui {

class ProfilePanel : public QWidget {
    Q_OBJECT
public:
    enum OverrideColumn {
        TargetColumn,
        CreatorColumn,
        ActionColumn,
        ValueColumn,
        OverrideColumnCount
    };

    explicit ProfilePanel(QWidget* parent = nullptr);

    // Shows a choice (from the session, after do/undo/redo); emits nothing.
    void setChoice(const ProfileChoice& choice);
    // What the widgets say now: level, options and every non-empty override row, valid or not.
    ProfileSettings settings() const;

    QRadioButton* levelButton(ReleaseLevel level) const;
    QCheckBox* optionBox(Option option) const { return m_options[std::size_t(option)]; }
    // Reports: a one-page notice in each report's place (the header-only fallback).
    QCheckBox* replaceReportsBox() const { return m_replaceReports; }
    QTableWidget* overridesTable() const { return m_overrides; }
    QPushButton* addOverrideButton() const { return m_add; }
    QPushButton* removeOverrideButton() const { return m_remove; }
    QLabel* problemLabel() const { return m_problem; }
    void showProblem(const QString& message);
    // Sets an override row's action (the table's action cell is a combo box).
    void setOverrideAction(int row, TableAction action);

signals:
    // The reviewer changed something and the result is a valid profile.
    void choiceEdited(const veil::ProfileChoice& choice);

private:
    QWidget* buildLevels();
    QWidget* buildOptions();
    QWidget* buildOverrides();
    void onLevelChosen(ReleaseLevel level);
    void onOptionToggled(Option option, bool on);
    void resetOptions();
    void addOverrideRow(const OverrideRow& row = {});
    void removeOverrideRows();
    void setRows(const std::vector<OverrideRow>& rows);
    std::vector<OverrideRow> rows() const;
    void edited();

    QRadioButton* m_publication = nullptr;
    QRadioButton* m_limited = nullptr;
    std::array<QCheckBox*, kOptionCount> m_options{};
    QCheckBox* m_replaceReports = nullptr;
    QTableWidget* m_overrides = nullptr;
    QPushButton* m_add = nullptr;
    QPushButton* m_remove = nullptr;
    QLabel* m_problem = nullptr;
    ReleaseLevel m_level = ReleaseLevel::Publication;
    bool m_updating = false;
};

} // namespace veil::ui
