#include "PacsDialog.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QSpinBox>
#include <QTableWidget>
#include <QVBoxLayout>

#include <set>

namespace veil::ui {

using namespace veil::pacs;

namespace {
QString q(const std::string& s) {
    return QString::fromStdString(s);
}
} // namespace

PacsDialog::PacsDialog(QWidget* parent) : QDialog(parent), m_runner(new PacsRunner(this)) {
    setWindowTitle(tr("Open from PACS"));
    const PacsPreferences prefs = PacsPreferences::load();

    m_node = new QComboBox;
    m_node->setEditable(true);
    m_node->addItems(prefs.nodes);
    m_node->setToolTip(tr("The PACS node: AET@HOST:PORT"));
    m_node->lineEdit()->setPlaceholderText("ORTHANC@pacs.example.org:4242");
    m_echo = new QPushButton(tr("Echo"));
    m_remove = new QPushButton(tr("Forget"));
    m_aet = new QLineEdit(prefs.callingAet);
    m_aet->setMaxLength(16);
    m_method = new QComboBox;
    m_method->addItems({tr("C-GET"), tr("C-MOVE to Veil")});
    m_method->setCurrentIndex(prefs.useMove ? 1 : 0);
    m_port = new QSpinBox;
    m_port->setRange(1, 65535);
    m_port->setValue(prefs.movePort);
    m_port->setToolTip(tr("The port Veil listens on during a C-MOVE; the PACS must know our AE "
                          "title with this host and port"));

    auto* nodeBox = new QGroupBox(tr("Node"));
    auto* nodeForm = new QFormLayout(nodeBox);
    auto* nodeRow = new QHBoxLayout;
    nodeRow->addWidget(m_node, 1);
    nodeRow->addWidget(m_echo);
    nodeRow->addWidget(m_remove);
    nodeForm->addRow(tr("PACS:"), nodeRow);
    auto* optRow = new QHBoxLayout;
    optRow->addWidget(m_aet);
    optRow->addWidget(new QLabel(tr("Retrieve by:")));
    optRow->addWidget(m_method);
    optRow->addWidget(new QLabel(tr("port:")));
    optRow->addWidget(m_port);
    nodeForm->addRow(tr("Our AE title:"), optRow);

    m_level = new QComboBox;
    m_level->addItems({tr("Patient"), tr("Study"), tr("Series")});
    m_level->setCurrentIndex(1);
    m_patientId = new QLineEdit;
    m_patientName = new QLineEdit;
    m_patientName->setPlaceholderText(tr("SMITH^J*  (* and ? are wildcards)"));
    m_accession = new QLineEdit;
    m_date = new QLineEdit;
    m_date->setPlaceholderText(tr("YYYYMMDD, FROM-TO, FROM- or -TO"));
    m_modality = new QLineEdit;
    m_modality->setPlaceholderText("CT");
    auto* searchBox = new QGroupBox(tr("Search"));
    auto* form = new QFormLayout(searchBox);
    form->addRow(tr("Level:"), m_level);
    form->addRow(tr("Patient ID:"), m_patientId);
    form->addRow(tr("Patient name:"), m_patientName);
    form->addRow(tr("Accession:"), m_accession);
    form->addRow(tr("Study date:"), m_date);
    form->addRow(tr("Modality:"), m_modality);

    m_table = new QTableWidget;
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->verticalHeader()->hide();

    m_progress = new QProgressBar;
    m_progress->setVisible(false);
    m_status = new QLabel;
    m_status->setWordWrap(true);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_search = new QPushButton(tr("Search"));
    m_search->setDefault(true);
    m_retrieve = new QPushButton(tr("Retrieve and open"));
    m_retrieve->setEnabled(false);
    m_cancel = new QPushButton(tr("Cancel"));
    m_cancel->setEnabled(false);
    m_close = new QPushButton(tr("Close"));
    auto* buttons = new QHBoxLayout;
    buttons->addWidget(m_search);
    buttons->addStretch(1);
    buttons->addWidget(m_retrieve);
    buttons->addWidget(m_cancel);
    buttons->addWidget(m_close);

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(nodeBox);
    layout->addWidget(searchBox);
    layout->addWidget(m_table, 1);
    layout->addWidget(m_progress);
    layout->addWidget(m_status);
    layout->addLayout(buttons);
    resize(820, 640);

    connect(m_echo, &QPushButton::clicked, this, &PacsDialog::echo);
    connect(m_remove, &QPushButton::clicked, this, &PacsDialog::removeNode);
    connect(m_search, &QPushButton::clicked, this, &PacsDialog::search);
    connect(m_retrieve, &QPushButton::clicked, this, &PacsDialog::retrieve);
    connect(m_cancel, &QPushButton::clicked, m_runner, &PacsRunner::cancel);
    connect(m_close, &QPushButton::clicked, this, &QDialog::reject);
    connect(m_runner, &PacsRunner::finished, this, &PacsDialog::onFinished);
    connect(m_runner, &PacsRunner::progressed, this,
            [this](long done, long total, const QString& what) {
                m_progress->setRange(0, int(std::max(total, 1L)));
                m_progress->setValue(int(done));
                m_status->setText(what);
            });
}

bool PacsDialog::prepare(PacsNode& node, PacsSettings& settings) {
    PacsPreferences prefs = PacsPreferences::load();
    prefs.callingAet = m_aet->text().trimmed();
    prefs.useMove = m_method->currentIndex() == 1;
    prefs.movePort = m_port->value();
    try {
        node = PacsNode::parse(m_node->currentText().trimmed().toStdString());
        settings = prefs.settings();
        checkAeTitle(settings.callingAet, "our AE title");
    } catch (const std::exception& e) {
        m_status->setText(q(e.what()));
        emit operationFinished(false, m_status->text());
        return false;
    }
    prefs.remember(q(node.toString()));
    prefs.save();
    if (m_node->findText(q(node.toString())) < 0)
        m_node->insertItem(0, q(node.toString()));
    return true;
}

void PacsDialog::setBusy(Op op) {
    m_op = op;
    const bool busy = op != Op::None;
    for (QWidget* w : std::initializer_list<QWidget*>{m_echo, m_search, m_node, m_remove})
        w->setEnabled(!busy);
    m_retrieve->setEnabled(!busy && !m_matches.empty());
    m_cancel->setEnabled(busy);
    m_progress->setVisible(op == Op::Retrieve);
    if (op == Op::Retrieve)
        m_progress->setRange(0, 0);
}

void PacsDialog::echo() {
    PacsNode node;
    PacsSettings settings;
    if (!prepare(node, settings) || !m_runner->echo(node, settings))
        return;
    m_status->setText(tr("Echo %1…").arg(q(node.toString())));
    setBusy(Op::Echo);
}

void PacsDialog::search() {
    PacsNode node;
    PacsSettings settings;
    if (!prepare(node, settings))
        return;
    PacsQuery query;
    query.level = QueryLevel(m_level->currentIndex());
    query.patientId = m_patientId->text().trimmed().toStdString();
    query.patientName = m_patientName->text().trimmed().toStdString();
    query.accession = m_accession->text().trimmed().toStdString();
    query.studyDate = m_date->text().trimmed().toStdString();
    query.modality = m_modality->text().trimmed().toStdString();
    try {
        checkQuery(query);
    } catch (const std::exception& e) {
        m_status->setText(q(e.what()));
        emit operationFinished(false, m_status->text());
        return;
    }
    if (!m_runner->find(node, settings, query))
        return;
    m_status->setText(tr("Searching %1…").arg(q(node.toString())));
    setBusy(Op::Search);
}

void PacsDialog::retrieve() {
    std::vector<std::string> uids;
    std::set<std::string> seen;
    QList<int> rows;
    for (const QModelIndex& i : m_table->selectionModel()->selectedRows())
        rows << i.row();
    if (rows.isEmpty())
        for (int r = 0; r < m_table->rowCount(); ++r)
            rows << r;
    std::sort(rows.begin(), rows.end());
    for (int r : rows) {
        const std::string& uid = m_matches.at(std::size_t(r)).studyUid;
        if (!uid.empty() && seen.insert(uid).second)
            uids.push_back(uid);
    }
    if (uids.empty()) {
        m_status->setText(tr("Nothing to retrieve: search at study or series level first"));
        emit operationFinished(false, m_status->text());
        return;
    }
    PacsNode node;
    PacsSettings settings;
    if (!prepare(node, settings))
        return;
    std::filesystem::path root;
    try {
        root = pacsCacheRoot();
    } catch (const std::exception& e) {
        m_status->setText(q(e.what()));
        emit operationFinished(false, m_status->text());
        return;
    }
    const auto method = m_method->currentIndex() == 1 ? RetrieveMethod::Move : RetrieveMethod::Get;
    if (!m_runner->retrieve(node, settings, uids, root, method))
        return;
    m_status->setText(
        tr("Retrieving %n study(ies) from %1…", "", int(uids.size())).arg(q(node.toString())));
    setBusy(Op::Retrieve);
}

void PacsDialog::onFinished() {
    const Op op = m_op;
    const PacsOutcome& o = m_runner->outcome();
    if (op == Op::Search && o.ok) {
        m_matches = o.matches;
        fillTable();
    }
    setBusy(Op::None);
    QString text;
    if (!o.ok) {
        text = o.error;
    } else if (op == Op::Echo) {
        text = tr("%1 answered the echo").arg(m_node->currentText());
    } else if (op == Op::Search) {
        text = tr("%n match(es)", "", int(o.matches.size()));
    } else if (op == Op::Retrieve) {
        QStringList folders;
        int files = 0, failed = 0;
        for (const RetrievedStudy& s : o.studies) {
            folders << q(s.folder.string());
            files += s.files;
            failed += s.failed;
        }
        text = tr("Retrieved %n study(ies), %1 file(s)", "", int(o.studies.size())).arg(files);
        if (failed > 0)
            text +=
                tr("; the PACS could not send %1 file(s): the studies are incomplete").arg(failed);
        emit studiesRetrieved(folders);
    }
    m_status->setText(text);
    emit operationFinished(o.ok, text);
}

void PacsDialog::fillTable() {
    const QueryLevel level =
        m_matches.empty() ? QueryLevel(m_level->currentIndex()) : m_matches.front().level;
    QStringList headers;
    if (level == QueryLevel::Patient)
        headers = {tr("Patient ID"), tr("Name"), tr("Birth date"), tr("Sex"), tr("Studies")};
    else if (level == QueryLevel::Study)
        headers = {tr("Patient ID"), tr("Name"),        tr("Date"),   tr("Accession"),
                   tr("Modalities"), tr("Description"), tr("Images"), tr("Study UID")};
    else
        headers = {tr("Patient ID"), tr("Name"),        tr("Date"),   tr("Modality"),
                   tr("Series"),     tr("Description"), tr("Images"), tr("Series UID")};
    m_table->clear();
    m_table->setColumnCount(int(headers.size()));
    m_table->setHorizontalHeaderLabels(headers);
    m_table->setRowCount(int(m_matches.size()));
    auto count = [](int n) { return n < 0 ? QString() : QString::number(n); };
    for (int r = 0; r < int(m_matches.size()); ++r) {
        const PacsMatch& m = m_matches[std::size_t(r)];
        QStringList cells;
        if (level == QueryLevel::Patient)
            cells = {q(m.patientId), q(m.patientName), q(m.patientBirthDate), q(m.patientSex),
                     count(m.relatedStudies)};
        else if (level == QueryLevel::Study)
            cells = {q(m.patientId),
                     q(m.patientName),
                     q(m.studyDate),
                     q(m.accession),
                     q(m.modalitiesInStudy),
                     q(m.studyDescription),
                     count(m.relatedInstances),
                     q(m.studyUid)};
        else
            cells = {q(m.patientId),
                     q(m.patientName),
                     q(m.studyDate),
                     q(m.modality),
                     q(m.seriesNumber),
                     q(m.seriesDescription),
                     count(m.relatedInstances),
                     q(m.seriesUid)};
        for (int c = 0; c < int(cells.size()); ++c)
            m_table->setItem(r, c, new QTableWidgetItem(cells[c]));
    }
    m_table->resizeColumnsToContents();
}

void PacsDialog::removeNode() {
    PacsPreferences prefs = PacsPreferences::load();
    prefs.nodes.removeAll(m_node->currentText().trimmed());
    prefs.save();
    m_node->removeItem(m_node->currentIndex());
}

} // namespace veil::ui
