#include "ProfilePanel.h"

#include "common/Error.h"

#include <QButtonGroup>
#include <QCheckBox>
#include <QComboBox>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QRadioButton>
#include <QScrollArea>
#include <QTableWidget>
#include <QVBoxLayout>

namespace veil::ui {

namespace {

QString q(const std::string& s) {
    return QString::fromStdString(s);
}

// What each option does, in the order of Option (docs/profiles.md, "The options").
QString optionHelp(Option o) {
    switch (o) {
    case Option::RetainSafePrivate:
        return ProfilePanel::tr(
            "Private elements listed in the Safe Private table are kept with their private "
            "creator; all other private elements are still removed.");
    case Option::RetainUIDs:
        return ProfilePanel::tr("UIDs are kept instead of being replaced.");
    case Option::RetainDeviceIdentity:
        return ProfilePanel::tr(
            "Station name, device serial number, detector ID and the like are kept.");
    case Option::RetainInstitutionIdentity:
        return ProfilePanel::tr("Institution name, address and department are kept.");
    case Option::RetainPatientCharacteristics:
        return ProfilePanel::tr("Sex, age, size, weight and the like are kept.");
    case Option::RetainLongitudinalFullDates:
        return ProfilePanel::tr("Dates and times are kept unchanged. Excludes Modified Dates.");
    case Option::RetainLongitudinalModifiedDates:
        return ProfilePanel::tr(
            "Every date of a patient moves by that patient's offset (whole days); times "
            "stay. Excludes Full Dates.");
    case Option::CleanDescriptors:
        return ProfilePanel::tr(
            "Free-text descriptions are kept with the patient's and study's identifying "
            "values removed.");
    case Option::CleanStructuredContent:
        return ProfilePanel::tr(
            "Structured report content: text cleaned, names replaced, dates shifted or "
            "replaced, codes kept.");
    case Option::CleanGraphics:
        return ProfilePanel::tr(
            "Presentation-state text and overlay text cleaned; overlay bitmaps blanked.");
    case Option::CleanRecognizableVisualFeatures:
        return ProfilePanel::tr(
            "Head CT series that may show a face: the soft tissue in front of the facial bones "
            "(nose, lips, eyelids, brow) is replaced by air; the skull and everything inside "
            "it are kept. MR is refused unless the face-plane fallback is accepted. Check with "
            "Face preview… on the series.");
    }
    return {};
}

QLabel* explanation(const QString& text) {
    auto* l = new QLabel(text);
    l->setWordWrap(true);
    l->setIndent(24);
    QPalette p = l->palette();
    p.setColor(QPalette::WindowText, p.color(QPalette::PlaceholderText));
    l->setPalette(p);
    return l;
}

} // namespace

ProfilePanel::ProfilePanel(QWidget* parent) : QWidget(parent) {
    auto* content = new QWidget;
    auto* layout = new QVBoxLayout(content);
    layout->addWidget(buildLevels());
    layout->addWidget(buildOptions());
    layout->addWidget(buildOverrides(), 1);
    auto* scroll = new QScrollArea;
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setWidget(content);
    auto* outer = new QVBoxLayout(this);
    outer->setContentsMargins(0, 0, 0, 0);
    outer->addWidget(scroll);
    setChoice({});
}

QWidget* ProfilePanel::buildLevels() {
    auto* box = new QGroupBox(tr("Release level"));
    auto* l = new QVBoxLayout(box);
    m_publication = new QRadioButton(tr("Publication (anonymised)"));
    m_limited = new QRadioButton(tr("Limited (pseudonymised)"));
    auto* group = new QButtonGroup(box);
    group->addButton(m_publication);
    group->addButton(m_limited);
    l->addWidget(m_publication);
    l->addWidget(
        explanation(tr("For publication, teaching and open data: nothing is kept that links a copy "
                       "back to the patient.")));
    l->addWidget(m_limited);
    l->addWidget(
        explanation(tr("For research under agreement: keyed pseudonyms, dates shifted per patient, "
                       "and an encrypted mapping table kept by you.")));
    connect(m_publication, &QRadioButton::toggled, this, [this](bool on) {
        if (on)
            onLevelChosen(ReleaseLevel::Publication);
    });
    connect(m_limited, &QRadioButton::toggled, this, [this](bool on) {
        if (on)
            onLevelChosen(ReleaseLevel::Limited);
    });
    return box;
}

QWidget* ProfilePanel::buildOptions() {
    auto* box = new QGroupBox(tr("PS3.15 options"));
    auto* l = new QVBoxLayout(box);
    for (const OptionInfo& info : allOptions()) {
        auto* check = new QCheckBox(QString::fromLatin1(info.title));
        check->setToolTip(QStringLiteral("<p><b>%1 Option</b> (DCM %2)</p><p>%3</p>")
                              .arg(QString::fromLatin1(info.title), QString::fromLatin1(info.code),
                                   optionHelp(info.option).toHtmlEscaped()));
        m_options[std::size_t(info.option)] = check;
        l->addWidget(check);
        const Option option = info.option;
        connect(check, &QCheckBox::toggled, this,
                [this, option](bool on) { onOptionToggled(option, on); });
    }
    m_replaceReports = new QCheckBox(tr("Replace reports by a one-page notice (header-only)"));
    m_replaceReports->setToolTip(
        tr("<p>Encapsulated PDF reports and PDF files beside the study are normally rebuilt from "
           "their page images with the identifying words blacked out, keeping the findings. "
           "Checked, each is replaced by a one-page notice instead: nothing of the report is "
           "released (as veil-cli's --option replace-encapsulated-documents).</p>"));
    l->addWidget(m_replaceReports);
    connect(m_replaceReports, &QCheckBox::toggled, this, &ProfilePanel::edited);
    auto* reset = new QPushButton(tr("Level defaults"));
    reset->setToolTip(tr("Set the options to those the release level switches on"));
    connect(reset, &QPushButton::clicked, this, &ProfilePanel::resetOptions);
    auto* row = new QHBoxLayout;
    row->addStretch(1);
    row->addWidget(reset);
    l->addLayout(row);
    return box;
}

QWidget* ProfilePanel::buildOverrides() {
    auto* box = new QGroupBox(tr("Per-attribute overrides"));
    auto* l = new QVBoxLayout(box);
    auto* help =
        new QLabel(tr("Rules applied before the standard table. Tag such as (0010,1010), a group "
                      "wildcard such as (60xx,0022), or a keyword; a private element needs its "
                      "creator and a tag such as (0019,xx23). A value needs action D."));
    help->setWordWrap(true);
    l->addWidget(help);
    m_overrides = new QTableWidget(0, OverrideColumnCount);
    m_overrides->setHorizontalHeaderLabels(
        {tr("Tag or keyword"), tr("Private creator"), tr("Action"), tr("Value")});
    m_overrides->horizontalHeader()->setStretchLastSection(true);
    m_overrides->verticalHeader()->setVisible(false);
    m_overrides->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_overrides->setMinimumHeight(fontMetrics().lineSpacing() * 8);
    const int em = fontMetrics().horizontalAdvance(QLatin1Char('M'));
    m_overrides->setColumnWidth(TargetColumn, 10 * em);
    m_overrides->setColumnWidth(CreatorColumn, 9 * em);
    m_overrides->setColumnWidth(ActionColumn, 6 * em);
    l->addWidget(m_overrides, 1);
    connect(m_overrides, &QTableWidget::itemChanged, this, &ProfilePanel::edited);

    m_add = new QPushButton(tr("Add"));
    m_remove = new QPushButton(tr("Remove"));
    connect(m_add, &QPushButton::clicked, this, [this] { addOverrideRow(); });
    connect(m_remove, &QPushButton::clicked, this, &ProfilePanel::removeOverrideRows);
    auto* buttons = new QHBoxLayout;
    buttons->addWidget(m_add);
    buttons->addWidget(m_remove);
    buttons->addStretch(1);
    l->addLayout(buttons);

    m_problem = new QLabel;
    m_problem->setTextFormat(Qt::PlainText);
    m_problem->setWordWrap(true);
    QPalette p = m_problem->palette();
    p.setColor(QPalette::WindowText, QColor(0xA3, 0x1F, 0x1F));
    m_problem->setPalette(p);
    l->addWidget(m_problem);
    return box;
}

QRadioButton* ProfilePanel::levelButton(ReleaseLevel level) const {
    return level == ReleaseLevel::Limited ? m_limited : m_publication;
}

void ProfilePanel::setChoice(const ProfileChoice& choice) {
    const ProfileSettings s = settingsFromChoice(choice);
    m_updating = true;
    m_level = s.level;
    levelButton(s.level)->setChecked(true);
    for (const OptionInfo& info : allOptions())
        optionBox(info.option)->setChecked(s.options.has(info.option));
    m_replaceReports->setChecked(s.replaceEncapsulatedDocuments);
    std::vector<OverrideRow> shown = rows();
    std::erase_if(shown, [](const OverrideRow& r) { return r.empty(); });
    if (shown != s.overrides) // keep rows being typed when nothing else changed
        setRows(s.overrides);
    m_problem->clear();
    m_updating = false;
}

// A new level brings its own defaults; what the reviewer added or removed stays.
void ProfilePanel::onLevelChosen(ReleaseLevel level) {
    if (m_updating || level == m_level)
        return;
    ProfileSettings now = settings();
    now.level = m_level;
    ProfileChoice choice = choiceFromSettings(now);
    choice.level = level;
    const ProfileSettings next = settingsFromChoice(choice);
    m_level = level;
    m_updating = true;
    for (const OptionInfo& info : allOptions())
        optionBox(info.option)->setChecked(next.options.has(info.option));
    m_updating = false;
    edited();
}

void ProfilePanel::onOptionToggled(Option option, bool on) {
    if (m_updating)
        return;
    // The longitudinal options exclude each other: choosing one lets go of the other.
    const Option full = Option::RetainLongitudinalFullDates,
                 modified = Option::RetainLongitudinalModifiedDates;
    if (on && (option == full || option == modified)) {
        m_updating = true;
        optionBox(option == full ? modified : full)->setChecked(false);
        m_updating = false;
    }
    edited();
}

void ProfilePanel::resetOptions() {
    const OptionSet defaults = defaultOptions(settings().level);
    m_updating = true;
    for (const OptionInfo& info : allOptions())
        optionBox(info.option)->setChecked(defaults.has(info.option));
    m_updating = false;
    edited();
}

void ProfilePanel::addOverrideRow(const OverrideRow& row) {
    const bool wasUpdating = m_updating;
    m_updating = true;
    const int r = m_overrides->rowCount();
    m_overrides->insertRow(r);
    m_overrides->setItem(r, TargetColumn, new QTableWidgetItem(q(row.target)));
    m_overrides->setItem(r, CreatorColumn, new QTableWidgetItem(q(row.privateCreator)));
    auto* value = new QTableWidgetItem(q(row.value));
    value->setData(Qt::UserRole, q(row.comment)); // comments are kept, not edited here
    m_overrides->setItem(r, ValueColumn, value);
    auto* action = new QComboBox;
    for (TableAction a : allTableActions()) // core's one list and spelling of the actions
        action->addItem(QString::fromLatin1(toString(a)), int(a));
    action->setCurrentIndex(action->findData(int(row.action)));
    connect(action, &QComboBox::currentTextChanged, this, &ProfilePanel::edited);
    m_overrides->setCellWidget(r, ActionColumn, action);
    m_updating = wasUpdating;
    if (!m_updating)
        m_overrides->editItem(m_overrides->item(r, TargetColumn));
}

void ProfilePanel::setOverrideAction(int row, TableAction action) {
    if (auto* combo = qobject_cast<QComboBox*>(m_overrides->cellWidget(row, ActionColumn)))
        combo->setCurrentIndex(combo->findData(int(action)));
}

void ProfilePanel::removeOverrideRows() {
    QList<int> selected;
    for (const QModelIndex& i : m_overrides->selectionModel()->selectedRows())
        selected << i.row();
    if (selected.isEmpty() && m_overrides->currentRow() >= 0)
        selected << m_overrides->currentRow();
    std::sort(selected.begin(), selected.end(), std::greater<>());
    m_updating = true;
    for (int r : selected)
        m_overrides->removeRow(r);
    m_updating = false;
    edited();
}

void ProfilePanel::setRows(const std::vector<OverrideRow>& rows) {
    m_overrides->setRowCount(0);
    for (const OverrideRow& row : rows)
        addOverrideRow(row);
}

std::vector<OverrideRow> ProfilePanel::rows() const {
    std::vector<OverrideRow> out;
    auto text = [this](int r, int c) {
        const QTableWidgetItem* item = m_overrides->item(r, c);
        return item ? item->text().trimmed().toStdString() : std::string();
    };
    for (int r = 0; r < m_overrides->rowCount(); ++r) {
        OverrideRow row;
        row.target = text(r, TargetColumn);
        row.privateCreator = text(r, CreatorColumn);
        row.value = text(r, ValueColumn);
        if (const QTableWidgetItem* v = m_overrides->item(r, ValueColumn))
            row.comment = v->data(Qt::UserRole).toString().toStdString();
        if (auto* combo = qobject_cast<QComboBox*>(m_overrides->cellWidget(r, ActionColumn)))
            row.action = TableAction(combo->currentData().toInt());
        out.push_back(std::move(row));
    }
    return out;
}

ProfileSettings ProfilePanel::settings() const {
    ProfileSettings s;
    s.level = m_level;
    s.options = {};
    for (const OptionInfo& info : allOptions())
        if (optionBox(info.option)->isChecked())
            s.options.add(info.option);
    s.overrides = rows();
    std::erase_if(s.overrides, [](const OverrideRow& r) { return r.empty(); });
    s.replaceEncapsulatedDocuments = m_replaceReports->isChecked();
    return s;
}

void ProfilePanel::showProblem(const QString& message) {
    m_problem->setText(message);
}

void ProfilePanel::edited() {
    if (m_updating)
        return;
    const ProfileChoice choice = choiceFromSettings(settings());
    // Checked like a profile file: only valid choices leave the panel.
    try {
        profileFromChoice(choice);
    } catch (const Error& e) {
        showProblem(tr("Nothing is applied until this is fixed: %1")
                        .arg(QString::fromStdString(e.detail())));
        return;
    }
    m_problem->clear();
    emit choiceEdited(choice);
}

} // namespace veil::ui
