#include "DiffPanel.h"

#include "document/ReportPages.h"

#include "PlanFilterModel.h"
#include "PlanItemModel.h"
#include "PlanJob.h"
#include "deid/DeidPlan.h"
#include "document/ReportPages.h"

#include <QCheckBox>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPainter>
#include <QPlainTextEdit>
#include <QSplitter>
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

// A row's tint reaches under its indentation and branch marks too, so the colour reads as the
// row's, not as the cell's.
class PlanTreeView : public QTreeView {
protected:
    void drawBranches(QPainter* painter, const QRect& rect,
                      const QModelIndex& index) const override {
        const QVariant tint = index.data(Qt::BackgroundRole);
        if (tint.canConvert<QColor>())
            painter->fillRect(rect, tint.value<QColor>());
        QTreeView::drawBranches(painter, rect, index);
    }
};

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

    m_view = new PlanTreeView;
    m_view->setModel(m_filter);
    m_view->setUniformRowHeights(true);
    m_view->setAlternatingRowColors(true);
    m_view->setTextElideMode(Qt::ElideRight);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->header()->setSectionResizeMode(QHeaderView::Interactive);
    m_view->header()->setStretchLastSection(true);
    const int em = fontMetrics().horizontalAdvance(QLatin1Char('M'));
    m_view->setColumnWidth(
        PlanItemModel::ElementColumn,
        fontMetrics().horizontalAdvance(QStringLiteral("(0008,0018) StudyInstanceUID")) +
            2 * m_view->indentation());
    m_view->setColumnWidth(PlanItemModel::VrColumn, 3 * em);
    m_view->setColumnWidth(PlanItemModel::BeforeColumn, 9 * em);
    m_view->setColumnWidth(PlanItemModel::AfterColumn, 9 * em);
    int actionWidth = 0;
    for (int a = int(Action::Keep); a <= int(Action::Insert); ++a)
        actionWidth =
            std::max(actionWidth,
                     fontMetrics().horizontalAdvance(QString::fromLatin1(actionName(Action(a)))));
    m_view->setColumnWidth(PlanItemModel::ActionColumn, actionWidth + em);

    m_details = new QPlainTextEdit;
    m_details->setReadOnly(true);
    m_details->setPlaceholderText(tr("Select an element to see its values and rule in full."));
    m_details->setMinimumHeight(fontMetrics().lineSpacing() * 2);
    m_details->setMaximumHeight(fontMetrics().lineSpacing() * 7 + 8);

    m_keyNote = plainLabel();
    QPalette muted = m_keyNote->palette();
    muted.setColor(QPalette::WindowText, palette().color(QPalette::PlaceholderText));
    m_keyNote->setPalette(muted);

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_title);
    layout->addWidget(m_status);
    layout->addWidget(buildFilters());
    layout->addWidget(buildLegend());
    auto* split = new QSplitter(Qt::Vertical);
    split->addWidget(m_view);
    split->addWidget(m_details);
    split->setStretchFactor(0, 4);
    split->setStretchFactor(1, 1);
    split->setCollapsible(0, false);
    layout->addWidget(split, 1);
    layout->addWidget(m_keyNote);
    updateKeyNote();
    setInstance(nullptr);

    connect(m_job, &PlanJob::planned, this, &DiffPanel::onPlanned);
    connect(m_job, &PlanJob::failed, this, &DiffPanel::onFailed);
    connect(m_view->selectionModel(), &QItemSelectionModel::currentChanged, this,
            &DiffPanel::showDetails);
}

DiffPanel::~DiffPanel() = default;

QWidget* DiffPanel::buildFilters() {
    auto* box = new QWidget;
    auto* row = new QHBoxLayout(box);
    row->setContentsMargins(0, 0, 0, 0);
    m_changedOnly = new QCheckBox(tr("Changed only"));
    m_changedOnly->setToolTip(tr("Hide the elements that are kept as they are"));
    m_identifyingOnly = new QCheckBox(tr("Identifying only"));
    m_identifyingOnly->setToolTip(tr(
        "Show only person names, the patient's identifiers, dates, places and private elements"));
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

// One label that wraps like text: a single line in a wide dock, more when narrow. Its text is
// Veil's own (no file data), so rich text is safe here.
QWidget* DiffPanel::buildLegend() {
    QStringList chips, help;
    for (const ActionGroup g : PlanItemModel::groups()) {
        chips << QStringLiteral(
                     "<span style='background-color:%1; color:%2;'>&nbsp;%3&nbsp;</span>")
                     .arg(PlanItemModel::groupTint(g).name(), PlanItemModel::tintText().name(),
                          PlanItemModel::groupName(g).toHtmlEscaped());
        help << QStringLiteral("<b>%1</b>: %2")
                    .arg(PlanItemModel::groupName(g).toHtmlEscaped(),
                         PlanItemModel::groupDescription(g).toHtmlEscaped());
    }
    auto* legend = new QLabel(chips.join(QStringLiteral(" ")));
    legend->setTextFormat(Qt::RichText);
    legend->setWordWrap(true);
    legend->setToolTip(help.join(QStringLiteral("<br>")));
    return legend;
}

void DiffPanel::setInstance(const InstanceInfo* instance, const IdentifierSet& study) {
    if (!instance) {
        m_instance.reset();
        m_model->clear();
        m_details->clear();
        m_title->setText(tr("No image selected"));
        m_status->setText(
            tr("Select an image in the study browser to see what de-identification does to "
               "its header."));
        return;
    }
    m_instance = *instance;
    m_study = study;
    if (instance->reportFile)
        m_title->setText(
            tr("PDF report beside the study (%1)").arg(QFileInfo(q(instance->path)).fileName()));
    else
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
        m_keyNote->setText(
            tr("Preview with a temporary key made for this session: the export uses the project "
               "key, so its pseudonyms, new UIDs and shifted dates will differ from these. Which "
               "elements change, and how, is the same."));
    else
        m_keyNote->setText(
            tr("Pseudonyms, new UIDs and shifted dates are computed with project key %1, as "
               "the export will.")
                .arg(q(m_key->fingerprint())));
}

bool DiffPanel::isPlanning() const {
    return m_job->isRunning();
}

void DiffPanel::replan() {
    if (!m_instance)
        return;
    if (m_instance->reportFile) { // a PDF beside the study: no header, nothing to plan
        m_model->clear();
        m_details->clear();
        m_status->setText(
            q(reportFileTreatment(*m_instance, m_profile.replaceEncapsulatedDocuments)));
        return;
    }
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
    if (!m_instance)
        return; // the selection was cleared while this was planned
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
    m_status->setText(tr("%1 elements, %2 changed · %3")
                          .arg(plan.changes.size())
                          .arg(changed)
                          .arg(q(plan.profileName)));
    showDetails();
    emit planned();
}

void DiffPanel::onFailed(const QString& message) {
    if (!m_instance)
        return;
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
        tr("After: %1")
            .arg(action == Action::Remove ? tr("(removed)")
                                          : i.data(PlanItemModel::AfterRole).toString()),
        tr("Rule: %1").arg(i.data(PlanItemModel::RuleRole).toString()),
    };
    m_details->setPlainText(lines.join(QLatin1Char('\n')));
}

} // namespace veil::ui
