#include "ocr/LineRecogniser.h"

#include "common/Error.h"

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <mutex>
#include <utility>

#include <opencv2/imgproc.hpp>
#include <tesseract/baseapi.h>
#include <tesseract/resultiterator.h>

#ifdef VEIL_HAVE_OPENMP
#include <omp.h>
#endif

namespace veil {

namespace {

constexpr int kTargetHeight = 40; // glyph height the LSTM model reads best, pixels
constexpr double kMaxScale = 6;   // text 7 px high is read at 40
constexpr int kBorder = 12;       // white border Tesseract wants around a line

// Parallelism comes from one engine per worker thread; Tesseract's own OpenMP teams
// (four threads per LSTM step) would oversubscribe the cores and spin. The setting belongs
// to the calling thread, which is the one that will use the engine.
void serialiseOpenMp() {
#ifdef VEIL_HAVE_OPENMP
    omp_set_max_active_levels(0);
#endif
}

std::unique_ptr<tesseract::TessBaseAPI> makeEngine(const std::string& data) {
    auto api = std::make_unique<tesseract::TessBaseAPI>();
    // Dictionaries pull words towards English; names and IDs are not English words.
    std::vector<std::string> names{"load_system_dawg", "load_freq_dawg"};
    std::vector<std::string> values{"0", "0"};
    if (api->Init(data.c_str(), "eng", tesseract::OEM_LSTM_ONLY, nullptr, 0, &names, &values,
                  false) != 0)
        throw Error("OCR unavailable: no English data for Tesseract in " + data +
                    " (install tesseract-ocr-eng or set TESSDATA_PREFIX)");
    api->SetPageSegMode(tesseract::PSM_SINGLE_LINE);
    api->SetVariable("debug_file", "/dev/null");
    return api;
}

// Engines outlive the threads that use them. Starting one loads the model (about 0.17 s),
// which every scan's worker threads paid again, and a release twice (its scan, then its
// gate): a 200-slice scan spent a tenth of its time there. A thread borrows an engine on
// its first reading and gives it back when it ends; idle engines wait here, one per thread
// that ever read at once.
class EnginePool {
public:
    // Never destroyed: a thread still reading when the process exits (a cancelled scan's
    // worker) gives its engine back after static objects are gone, and freeing engines at
    // exit frees what the system frees anyway.
    static EnginePool& instance() {
        static auto* pool = new EnginePool;
        return *pool;
    }
    std::unique_ptr<tesseract::TessBaseAPI> take(const std::string& data) {
        {
            std::lock_guard lock(m_mutex);
            for (auto it = m_idle.begin(); it != m_idle.end(); ++it)
                if (it->first == data) {
                    auto api = std::move(it->second);
                    m_idle.erase(it);
                    return api;
                }
        }
        auto api = makeEngine(data);
        m_started.fetch_add(1, std::memory_order_relaxed);
        return api;
    }
    int started() const { return m_started.load(std::memory_order_relaxed); }
    void give(std::string data, std::unique_ptr<tesseract::TessBaseAPI> api) {
        std::lock_guard lock(m_mutex);
        m_idle.emplace_back(std::move(data), std::move(api));
    }

private:
    std::mutex m_mutex;
    std::vector<std::pair<std::string, std::unique_ptr<tesseract::TessBaseAPI>>> m_idle;
    std::atomic<int> m_started{0};
};

// A thread's engine, given back to the pool when the thread ends.
struct BorrowedEngine {
    std::string data;
    std::unique_ptr<tesseract::TessBaseAPI> api;
    BorrowedEngine() = default;
    BorrowedEngine(const BorrowedEngine&) = delete;
    BorrowedEngine& operator=(const BorrowedEngine&) = delete;
    ~BorrowedEngine() {
        if (api)
            EnginePool::instance().give(std::move(data), std::move(api));
    }
};

tesseract::TessBaseAPI& engine() {
    thread_local BorrowedEngine borrowed;
    if (!borrowed.api) {
        serialiseOpenMp();
        std::string data = tessdataPath();
        borrowed.api = EnginePool::instance().take(data);
        borrowed.data = std::move(data);
    }
    return *borrowed.api;
}

std::string trimmed(const char* raw) {
    std::string s = raw ? raw : "";
    const auto notSpace = [](unsigned char c) { return !std::isspace(c); };
    s.erase(s.begin(), std::find_if(s.begin(), s.end(), notSpace));
    s.erase(std::find_if(s.rbegin(), s.rend(), notSpace).base(), s.end());
    std::replace(s.begin(), s.end(), '\n', ' ');
    return s;
}

// The line's text and its confidence: the words' confidences weighted by their length.
RecognisedLine joinWords(const std::vector<std::pair<std::string, double>>& words) {
    RecognisedLine line;
    double sum = 0;
    std::size_t weight = 0;
    for (const auto& [text, confidence] : words) {
        line.text += (line.text.empty() ? "" : " ") + text;
        sum += confidence * double(text.size());
        weight += text.size();
    }
    line.confidence = weight ? std::clamp(sum / double(weight), 0.0, 1.0) : 0.0;
    return line;
}

// Text crossing anatomy is faint where the anatomy is bright: each glyph is scaled by the
// strongest response around it (stretched three times at most, so that noise stays noise),
// and the whole line reads as one contrast. Dark glyphs on white come out.
cv::Mat evenContrast(const cv::Mat& response, int lineHeight) {
    constexpr double kNoise = 16; // responses below this are never stretched
    constexpr double kMaxStretch = 2;
    double globalMax = 0;
    cv::minMaxLoc(response, nullptr, &globalMax);
    const int r = std::max(3, lineHeight) | 1;
    cv::Mat localMax;
    cv::dilate(response, localMax, cv::getStructuringElement(cv::MORPH_RECT, {r, r}));
    cv::Mat num, den;
    response.convertTo(num, CV_32F);
    localMax.convertTo(den, CV_32F);
    den = cv::max(den, std::max(kNoise, globalMax / kMaxStretch));
    cv::Mat out;
    cv::Mat(num / den).convertTo(out, CV_8U, -255.0, 255);
    return out;
}

cv::Mat globalContrast(const cv::Mat& response) {
    double hi = 0;
    cv::minMaxLoc(response, nullptr, &hi);
    cv::Mat out;
    response.convertTo(out, CV_8U, -255.0 / std::max(1.0, hi), 255);
    return out;
}

} // namespace

std::string tessdataPath() {
    if (const char* env = std::getenv("TESSDATA_PREFIX"); env && *env)
        return env;
    for (const char* p : {"/usr/share/tesseract-ocr/5/tessdata",
                          "/usr/share/tesseract-ocr/4.00/tessdata", "/usr/share/tessdata"})
        if (std::filesystem::exists(std::filesystem::path(p) / "eng.traineddata"))
            return p;
    return "/usr/share/tesseract-ocr/5/tessdata";
}

LineCrop prepareLineCrop(const cv::Mat& grey, const cv::Rect& box, bool lightOnDark,
                         CropContrast contrast) {
    const cv::Rect frame(0, 0, grey.cols, grey.rows);
    const int margin = std::max(3, box.height / 4);
    const cv::Rect source =
        cv::Rect(box.x - margin, box.y - margin, box.width + 2 * margin, box.height + 2 * margin) &
        frame;
    // Flatten the background (anatomy, gradients, plates) with the same top-hat the detector
    // used, computed with room around the crop so that its edges are not artefacts.
    const int k = std::max(7, box.height / 2 + 5) | 1;
    const cv::Rect padded =
        cv::Rect(source.x - k, source.y - k, source.width + 2 * k, source.height + 2 * k) & frame;
    cv::Mat response;
    cv::morphologyEx(grey(padded), response, lightOnDark ? cv::MORPH_TOPHAT : cv::MORPH_BLACKHAT,
                     cv::getStructuringElement(cv::MORPH_RECT, {k, k}));
    const cv::Mat glyphs =
        (contrast == CropContrast::Even ? evenContrast(response, box.height)
                                        : globalContrast(response))(source - padded.tl());
    const double scale =
        std::clamp(double(kTargetHeight) / std::max(1, box.height), 1.0, kMaxScale);
    cv::Mat scaled;
    if (scale > 1.01)
        cv::resize(glyphs, scaled, {}, scale, scale, cv::INTER_LINEAR);
    else
        scaled = glyphs;
    cv::Mat out;
    cv::copyMakeBorder(scaled, out, kBorder, kBorder, kBorder, kBorder, cv::BORDER_CONSTANT, 255);
    return {out, source};
}

int ocrEnginesStarted() {
    return EnginePool::instance().started();
}

RecognisedLine recogniseLine(const cv::Mat& prepared, bool tryInverted) {
    CV_Assert(prepared.type() == CV_8UC1 && prepared.isContinuous());
    tesseract::TessBaseAPI& api = engine();
    api.SetVariable("tessedit_do_invert", tryInverted ? "1" : "0");
    api.SetImage(prepared.data, prepared.cols, prepared.rows, 1, int(prepared.step));
    api.SetSourceResolution(300);
    std::vector<std::pair<std::string, double>> words;
    if (api.Recognize(nullptr) == 0) {
        std::unique_ptr<tesseract::ResultIterator> it(api.GetIterator());
        if (it && !it->Empty(tesseract::RIL_WORD)) {
            do {
                std::unique_ptr<char[]> w(it->GetUTF8Text(tesseract::RIL_WORD));
                if (w && w[0] != 0)
                    words.emplace_back(trimmed(w.get()),
                                       it->Confidence(tesseract::RIL_WORD) / 100.0);
            } while (it->Next(tesseract::RIL_WORD));
        }
    }
    api.Clear();
    return joinWords(words);
}

std::vector<RecognisedWord> recognisePage(const cv::Mat& grey, int dpi) {
    CV_Assert(grey.type() == CV_8UC1);
    const cv::Mat page = grey.isContinuous() ? grey : grey.clone();
    tesseract::TessBaseAPI& api = engine();
    api.SetPageSegMode(tesseract::PSM_AUTO);
    api.SetImage(page.data, page.cols, page.rows, 1, int(page.step));
    api.SetSourceResolution(dpi);
    std::vector<RecognisedWord> words;
    if (api.Recognize(nullptr) == 0) {
        std::unique_ptr<tesseract::ResultIterator> it(api.GetIterator());
        int line = -1;
        if (it && !it->Empty(tesseract::RIL_WORD)) {
            do {
                if (it->IsAtBeginningOf(tesseract::RIL_TEXTLINE))
                    ++line;
                std::unique_ptr<char[]> w(it->GetUTF8Text(tesseract::RIL_WORD));
                int x0 = 0, y0 = 0, x1 = 0, y1 = 0;
                if (!w || w[0] == 0 || !it->BoundingBox(tesseract::RIL_WORD, &x0, &y0, &x1, &y1))
                    continue;
                words.push_back({trimmed(w.get()), it->Confidence(tesseract::RIL_WORD) / 100.0,
                                 cv::Rect(x0, y0, x1 - x0, y1 - y0), std::max(0, line)});
            } while (it->Next(tesseract::RIL_WORD));
        }
    }
    api.Clear();
    api.SetPageSegMode(tesseract::PSM_SINGLE_LINE);
    return words;
}

} // namespace veil
