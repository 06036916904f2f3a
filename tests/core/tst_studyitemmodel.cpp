// The study tree as a Qt model: checked by QAbstractItemModelTester and by its contents.
#include "Fixtures.h"
#include "study/StudyIndexer.h"
#include "study/StudyItemModel.h"

#include <QAbstractItemModelTester>
#include <QGuiApplication>
#include <QTemporaryDir>
#include <QTest>

#include <filesystem>
#include <fstream>

namespace fs = std::filesystem;
using namespace veil;

class TestStudyItemModel : public QObject {
    Q_OBJECT

    QTemporaryDir m_tmp;
    StudyIndex m_index;

private slots:
    void initTestCase() {
        const fs::path dir = fs::path(m_tmp.path().toStdString()) / "corpus";
        fixtures::CorpusOptions options;
        options.compressedVariants = false;
        fixtures::writeCorpus(dir, options);
        std::ofstream(dir / "broken.dcm") << std::string(128, '\0') << "DICM"
                                          << "garbage";
        NullProgress p;
        CancelToken c;
        m_index = StudyIndexer().run({dir.string()}, p, c);
        QVERIFY(m_index.instanceCount() > 5);
        QVERIFY(m_index.errorCount() >= 1);
    }

    void passesModelTester_data() {
        QTest::addColumn<bool>("empty");
        QTest::newRow("empty") << true;
        QTest::newRow("corpus") << false;
    }
    void passesModelTester() {
        QFETCH(bool, empty);
        StudyItemModel model;
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setIndex(empty ? StudyIndex{} : m_index);
        model.setIndex(m_index); // a second reset, as when another study is opened
    }

    void treeHasFourLevelsAndProblems() {
        StudyItemModel model;
        model.setIndex(m_index);
        const int patients = int(m_index.patients.size());
        QCOMPARE(model.rowCount(), patients + 1); // + "Could not load"
        const QModelIndex patient = model.index(0, 0);
        QCOMPARE(model.data(patient, StudyItemModel::KindRole).toInt(),
                 int(StudyItemModel::Kind::Patient));
        const QModelIndex study = model.index(0, 0, patient);
        const QModelIndex series = model.index(0, 0, study);
        const QModelIndex instance = model.index(0, 0, series);
        QCOMPARE(model.data(instance, StudyItemModel::KindRole).toInt(),
                 int(StudyItemModel::Kind::Instance));
        QVERIFY(model.instanceAt(instance));
        QVERIFY(!model.data(instance, StudyItemModel::SopInstanceUidRole).toString().isEmpty());
        QVERIFY(model.data(series, Qt::DisplayRole).toString().startsWith("Series"));

        const QModelIndex group = model.index(patients, 0);
        QCOMPARE(model.data(group, StudyItemModel::KindRole).toInt(),
                 int(StudyItemModel::Kind::ProblemGroup));
        QCOMPARE(model.rowCount(group), int(m_index.problems.size()));
        const QModelIndex problem = model.index(0, 0, group);
        QVERIFY(!model.data(problem, Qt::ToolTipRole).toString().isEmpty());
        QVERIFY(model.firstInstance().isValid());
    }

    void countsAddUp() {
        StudyItemModel model;
        model.setIndex(m_index);
        int instances = 0;
        for (int p = 0; p < int(m_index.patients.size()); ++p) {
            const QModelIndex pi = model.index(p, 0);
            for (int s = 0; s < model.rowCount(pi); ++s) {
                const QModelIndex si = model.index(s, 0, pi);
                for (int r = 0; r < model.rowCount(si); ++r)
                    instances += model.rowCount(model.index(r, 0, si));
            }
        }
        QCOMPARE(instances, m_index.instanceCount());
    }
};

int main(int argc, char** argv) {
    QGuiApplication app(argc, argv);
    TestStudyItemModel t;
    return QTest::qExec(&t, argc, argv);
}
#include "tst_studyitemmodel.moc"
