#include "DiffPanel.h"

#include "PlanFilterModel.h"
#include "PlanItemModel.h"
#include "PlanJob.h"
#include "deid/DeidPlan.h"

#include <QCheckBox>
#include <QFileInfo>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QTreeView>
#include <QVBoxLayout>

namespace veil::ui {

namespace {

QLabel* plainLabel(QWidget* parent = nullptr) {
    auto* l = new QLabel(parent);
    l->setTextFormat(Qt::PlainText); // file contents are never markup
    l->setWordWrap(true);
    return l;
}

QString q(const std::string& s) {
    return QString::fromStdString(s);
}

} // namespace

DiffPanel::DiffPanel(QWidget* parent)
    : QWidget(parent), m_model(new PlanItemModel(this)), m_filter(new PlanFilterModel(this)),
      m_job(new PlanJob(this)), m_profile(Profile::standard(ReleaseLevel::Publication)),
      m_key(std::make_shared<const ProjectKey>(ProjectKey::generate())) {
    m_filter->setSourceModel(m_model);

    m_title = plainLabel();
    QFont bold = m_title->font();
    bold.setBold(true);
    m_title->setFont(bold);
    m_status = plainLabel();

    m_view = new QTreeView;
    m_view->setModel(m_filter);
    m_view->setUniformRowHeights(true);
    m_view->setAlternatingRowColors(true);
    m_view->setTextElideMode(Qt::ElideRight);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->header()->setSectionResizeMode(QHeaderView::Interactive);
    m_view->header()->setStretchLastSection(true);
    const int em = fontMetrics().horizontalAdvance(QLatin1Char('M'));
    m_view->setColumnWidth(PlanItemModel::ElementColumn, 17 * em);
    m_view->setColumnWidth(PlanItemModel::VrColumn, 3 * em);
    m_view->setColumnWidth(PlanItemModel::BeforeColumn, 10 * em);
    m_view->setColumnWidth(PlanItemModel::AfterColumn, 10 * em);
    m_view->setColumnWidth(PlanItemModel::ActionColumn, 7 * em);

    m_details = new QPlainTextEdit;
    m_details->setReadOnly(true);
    m_details->setPlaceholderText(tr("Select an element to see its values and rule in full."));
    m_details->setMaximumHeight(fontMetrics().lineSpacing() * 7 + 8);

    m_keyNote = plainLabel();
    QPalette muted = m_keyNote->palette();
    muted.setColor(QPalette::WindowText, palette().color(QPalette::PlaceholderText));
    m_keyNote->setPalette(muted);

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_title);
    layout->addWidget(m_status);
    layout->addWidget(buildFilters());
    layout->addWidget(m_view, 1);
    layout->addWidget(buildLegend());
    layout->addWidget(m_details);
    layout->addWidget(m_keyNote);
    updateKeyNote();
    setInstance(nullptr);

    connect(m_job, &PlanJob::planned, this, &DiffPanel::onPlanned);
    connect(m_job, &PlanJob::failed, this, &DiffPanel::onFailed);
    connect(m_view->selectionModel(), &QItemSelectionModel::currentChanged, this, &DiffPanel::showDetails);
}

DiffPanel::~DiffPanel() = default;

QWidget* DiffPanel::buildFilters() {
    auto* box = new QWidget;
    auto* row = new QHBoxLayout(box);
    row->setContentsMargins(0, 0, 0, 0);
    m_changedOnly = new QCheckBox(tr("Changed only"));
    m_changedOnly->setToolTip(tr("Hide the elements that are kept as they are"));
    m_identifyingOnly = new QCheckBox(tr("Identifying only"));
    m_identifyingOnly->setToolTip(
        tr("Show only person names, the patient's identifiers, dates, places and private elements"));
    m_search = new QLineEdit;
    m_search->setPlaceholderText(tr("Search elements and values"));
    m_search->setClearButtonEnabled(true);
    row->addWidget(m_changedOnly);
    row->addWidget(m_identifyingOnly);
    row->addWidget(m_search, 1);
    connect(m_changedOnly, &QCheckBox::toggled, this, &DiffPanel::onFilterChanged);
    connect(m_identifyingOnly, &QCheckBox::toggled, this, &DiffPanel::onFilterChanged);
    connect(m_search, &QLineEdit::textChanged, this, &DiffPanel::onFilterChanged);
    return box;
}

QWidget* DiffPanel::buildLegend() {
    auto* box = new QWidget;
    auto* grid = new QGridLayout(box);
    grid->setContentsMargins(0, 0, 0, 0);
    grid->setHorizontalSpacing(4);
    grid->setVerticalSpacing(4);
    const QList<ActionGroup> groups = PlanItemModel::groups();
    for (int i = 0; i < groups.size(); ++i) {
        auto* chip = new QLabel(PlanItemModel::groupName(groups[i]));
        chip->setAlignment(Qt::AlignCenter);
        chip->setAutoFillBackground(true);
        chip->setFrameShape(QFrame::Box);
        QPalette p = chip->palette();
        p.setColor(QPalette::Window, PlanItemModel::groupTint(groups[i]));
        p.setColor(QPalette::WindowText, PlanItemModel::tintText());
        chip->setPalette(p);
        chip->setToolTip(PlanItemModel::groupDescription(groups[i]));
        grid->addWidget(chip, i / 3, i % 3);
    }
    return box;
}

void DiffPanel::setInstance(const InstanceInfo* instance, const IdentifierSet& study) {
    if (!instance) {
        m_instance.reset();
        m_model->clear();
        m_details->clear();
        m_title->setText(tr("No image selected"));
        m_status->setText(tr("Select an image in the study browser to see what de-identification does to "
                             "its header."));
        return;
    }
    m_instance = *instance;
    m_study = study;
    m_title->setText(tr("%1 image %2 of series %3 (%4)")
                         .arg(q(instance->modality))
                         .arg(instance->instanceNumber)
                         .arg(instance->seriesNumber)
                         .arg(QFileInfo(q(instance->path)).fileName()));
    m_title->setToolTip(QStringLiteral("<p>%1</p>").arg(q(instance->path).toHtmlEscaped()));
    replan();
}

void DiffPanel::setProfile(const Profile& profile) {
    m_profile = profile;
    replan();
}

void DiffPanel::setProjectKey(const ProjectKey& key) {
    m_key = std::make_shared<const ProjectKey>(key);
    m_sessionKey = false;
    updateKeyNote();
    replan();
}

void DiffPanel::updateKeyNote() {
    if (m_sessionKey)
        m_keyNote->setText(tr("Preview: pseudonyms, new UIDs and shifted dates here come from a temporary key "
                              "made for this session. The export uses the project key, so those values will "
                              "differ there; which elements change, and how, stays the same."));
    else
        m_keyNote->setText(tr("Pseudonyms, new UIDs and shifted dates are computed with project key %1, as "
                              "the export will.")
                               .arg(q(m_key->fingerprint())));
}

bool DiffPanel::isPlanning() const {
    return m_job->isRunning();
}

void DiffPanel::replan() {
    if (!m_instance)
        return;
    m_status->setText(tr("Planning…"));
    m_job->request({*m_instance, m_study, m_profile, m_key});
}

QStringList DiffPanel::expandedPaths() const {
    QStringList out;
    std::vector<QModelIndex> stack{QModelIndex()};
    while (!stack.empty()) {
        const QModelIndex parent = stack.back();
        stack.pop_back();
        for (int r = 0; r < m_filter->rowCount(parent); ++r) {
            const QModelIndex i = m_filter->index(r, 0, parent);
            if (m_view->isExpanded(i)) {
                out << i.data(PlanItemModel::PathRole).toString();
                stack.push_back(i);
            }
        }
    }
    return out;
}

void DiffPanel::restoreView(const QStringList& expanded, const QString& current) {
    for (const QString& path : expanded)
        m_view->expand(m_filter->mapFromSource(m_model->indexOfPath(path)));
    if (!current.isEmpty()) {
        const QModelIndex i = m_filter->mapFromSource(m_model->indexOfPath(current));
        if (i.isValid()) {
            m_view->setCurrentIndex(i);
            m_view->scrollTo(i);
        }
    }
}

void DiffPanel::onPlanned(const DeidPlan& plan) {
    const QStringList expanded = expandedPaths();
    const QString current = m_view->currentIndex().data(PlanItemModel::PathRole).toString();
    m_model->setPlan(plan);
    if (m_filter->isFiltering())
        m_view->expandAll();
    else
        restoreView(expanded, current);
    int changed = 0;
    for (const ElementChange& c : plan.changes)
        changed += changesValue(c.action) ? 1 : 0;
    m_status->setText(tr("%1 elements, %2 changed · %3").arg(plan.changes.size()).arg(changed).arg(q(plan.profileName)));
    showDetails();
    emit planned();
}

void DiffPanel::onFailed(const QString& message) {
    m_model->clear();
    m_status->setText(tr("Could not plan this image: %1").arg(message));
    emit planFailed(message);
}

void DiffPanel::onFilterChanged() {
    m_filter->setChangedOnly(m_changedOnly->isChecked());
    m_filter->setIdentifyingOnly(m_identifyingOnly->isChecked());
    m_filter->setSearchText(m_search->text());
    if (m_filter->isFiltering())
        m_view->expandAll(); // every match visible, however deep
}

void DiffPanel::showDetails() {
    const QModelIndex i = m_view->currentIndex().siblingAtColumn(0);
    if (!i.isValid() || !i.data(PlanItemModel::ActionRole).isValid()) {
        m_details->setPlainText(i.isValid() ? i.data(Qt::DisplayRole).toString() : QString());
        return;
    }
    const auto action = Action(i.data(PlanItemModel::ActionRole).toInt());
    QStringList lines{
        i.data(Qt::DisplayRole).toString() + QLatin1Char(' ') +
            i.siblingAtColumn(PlanItemModel::VrColumn).data().toString(),
        tr("Path: %1").arg(i.data(PlanItemModel::PathRole).toString()),
        tr("Action: %1").arg(QString::fromLatin1(actionName(action))),
        tr("Before: %1").arg(i.data(PlanItemModel::BeforeRole).toString()),
        tr("After: %1").arg(action == Action::Remove ? tr("(removed)") : i.data(PlanItemModel::AfterRole).toString()),
        tr("Rule: %1").arg(i.data(PlanItemModel::RuleRole).toString()),
    };
    m_details->setPlainText(lines.join(QLatin1Char('\n')));
}

} // namespace veil::ui
