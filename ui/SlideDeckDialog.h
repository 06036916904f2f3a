#pragma once
// File › Open Slide Deck…: every slide of a .pptx with what it leaks. Pictures are drawn
// whole, the parts beyond their crop dimmed (what anyone can uncrop), shapes over pictures
// outlined, findings boxed in red. Identifying text in images is redacted unless the
// reviewer unticks it (as for DICOM findings); everything else the cleaner removes. Writing
// the cleaned deck records the check, each finding kept and the result in an audit log
// beside the output (AuditRecorder's deck-* events).
#include "JobRunner.h"
#include "slides/DeckCleaner.h"

#include <QDialog>
#include <QImage>

#include <optional>

class QLabel;
class QListWidget;
class QTableWidget;
class QPushButton;

namespace veil {

// A deck read and checked: the slow part (OCR of every picture), done off the GUI thread.
struct CheckedDeck {
    Deck deck;
    DeckCheck check;
};
// Throws veil::Error when the deck cannot be read.
CheckedDeck readAndCheckDeck(const QString& path);

// File › Open Slide Deck…: reads and checks the deck on a worker thread (a JobRunner of the
// parent's), then opens the dialog (an error in a message box naming the file). Returns at
// once.
void openSlideDeck(const QString& path, std::string person, QWidget* parent);

class SlideDeckDialog final : public QDialog {
    Q_OBJECT
public:
    SlideDeckDialog(CheckedDeck checked, std::string person, QWidget* parent = nullptr);
    ~SlideDeckDialog() override; // waits for a write still under way (it uses the dialog)

    const DeckCheck& check() const { return m_check; }
    QListWidget* slideList() const { return m_slides; }
    QTableWidget* findingsTable() const { return m_table; }
    // The slide as drawn for review (0: none), width `width` pixels.
    QImage renderSlide(int slideNumber, int width = 800) const;
    // Sets whether an image-text finding (index into check().findings) is redacted.
    void setRedact(std::size_t finding, bool redact);
    // Writes the cleaned deck and its audit log (OUT.audit.jsonl); returns the result.
    // Throws veil::Error.
    DeckCleanResult writeCleaned(const QString& output);
    static QString auditPathFor(const QString& output) { return output + ".audit.jsonl"; }

private:
    void showSlide(int row);
    void chooseOutput();
    void cleanedWritten(const std::optional<DeckCleanResult>& result, const QString& error);

    Deck m_deck;
    DeckCheck m_check;
    std::string m_person;
    QListWidget* m_slides = nullptr;
    QLabel* m_picture = nullptr;
    QTableWidget* m_table = nullptr;
    QPushButton* m_write = nullptr;
    std::vector<std::size_t> m_rows; // table row -> finding index
    // Writing the cleaned deck (clean, re-check, audit) runs on a worker: its output path.
    QString m_output;
    ui::JobRunner m_writing; // last: goes first, while the work can still use the dialog
};

} // namespace veil
