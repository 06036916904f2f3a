#include "ocr/Blobs.h"

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <limits>
#include <numeric>

namespace veil {

namespace {

// Appends row y's runs of non-zero bytes; zero bytes are skipped 32, then eight at a time
// (a text-free view's stroke mask is 98% zeros).
void rowRuns(const uchar* row, int cols, int y, std::vector<BlobRun>& out) {
    int x = 0;
    while (x < cols) {
        while (x + 32 <= cols) {
            std::uint64_t w[4];
            std::memcpy(w, row + x, 32);
            if ((w[0] | w[1] | w[2] | w[3]) != 0)
                break;
            x += 32;
        }
        while (x + 8 <= cols) {
            std::uint64_t word;
            std::memcpy(&word, row + x, 8);
            if (word != 0)
                break;
            x += 8;
        }
        while (x < cols && row[x] == 0)
            ++x;
        if (x >= cols)
            break;
        const int start = x;
        while (x < cols && row[x] != 0)
            ++x;
        out.push_back({y, start, x, 0});
    }
}

int root(std::vector<int>& parent, int i) {
    while (parent[std::size_t(i)] != i)
        i = parent[std::size_t(i)] = parent[std::size_t(parent[std::size_t(i)])];
    return i;
}

} // namespace

Blobs findBlobs(const cv::Mat& mask) {
    CV_Assert(mask.type() == CV_8UC1);
    Blobs out;
    std::vector<BlobRun>& runs = out.runs;
    std::vector<int> parent;
    std::size_t prevBegin = 0, prevEnd = 0; // the previous row's runs
    for (int y = 0; y < mask.rows; ++y) {
        const std::size_t begin = runs.size();
        rowRuns(mask.ptr<uchar>(y), mask.cols, y, runs);
        const std::size_t end = runs.size();
        for (std::size_t i = begin; i < end; ++i)
            parent.push_back(int(i));
        // 8-connected: a run touches a run of the row above that overlaps it or meets it at
        // a corner. Both rows are sorted by x.
        std::size_t p = prevBegin;
        for (std::size_t i = begin; i < end; ++i) {
            while (p < prevEnd && runs[p].x1 < runs[i].x0)
                ++p; // ends left of this run's left corner
            for (std::size_t q = p; q < prevEnd && runs[q].x0 <= runs[i].x1; ++q) {
                const int a = root(parent, int(i)), b = root(parent, int(q));
                if (a != b)
                    parent[std::size_t(std::max(a, b))] = std::min(a, b);
            }
        }
        prevBegin = begin;
        prevEnd = end;
    }
    // A blob's root is its first run (the smallest index joins).
    std::vector<int> blobOf(runs.size(), -1);
    for (std::size_t i = 0; i < runs.size(); ++i) {
        const int r = root(parent, int(i));
        int& id = blobOf[std::size_t(r)];
        if (id < 0) {
            id = int(out.blobs.size());
            out.blobs.push_back({cv::Rect(runs[i].x0, runs[i].y, runs[i].x1 - runs[i].x0, 1), 0});
        }
        BlobRun& run = runs[i];
        run.blob = id;
        Blob& b = out.blobs[std::size_t(id)];
        b.box |= cv::Rect(run.x0, run.y, run.x1 - run.x0, 1);
        b.area += run.x1 - run.x0;
    }
    // Numbered as OpenCV numbers them: in the order of the first 2x2 block of the frame, in
    // rows of blocks, that holds a pixel of theirs (its block labelling's scan order), so
    // that what is built on the components does not change with the labelling.
    std::vector<std::pair<long, int>> firstBlock(out.blobs.size(), {-1, 0});
    for (std::size_t i = 0; i < out.blobs.size(); ++i)
        firstBlock[i] = {std::numeric_limits<long>::max(), int(i)};
    for (const BlobRun& r : runs) {
        const long key = long(r.y / 2) * (long(mask.cols) + 1) + r.x0 / 2;
        long& k = firstBlock[std::size_t(r.blob)].first;
        k = std::min(k, key);
    }
    std::sort(firstBlock.begin(), firstBlock.end());
    std::vector<int> renumber(out.blobs.size());
    std::vector<Blob> sorted(out.blobs.size());
    for (std::size_t i = 0; i < firstBlock.size(); ++i) {
        renumber[std::size_t(firstBlock[i].second)] = int(i);
        sorted[i] = out.blobs[std::size_t(firstBlock[i].second)];
    }
    out.blobs = std::move(sorted);
    for (BlobRun& r : runs)
        r.blob = renumber[std::size_t(r.blob)];
    return out;
}

cv::Mat blobMask(const Blobs& blobs, int blob) {
    const cv::Rect box = blobs.blobs[std::size_t(blob)].box;
    cv::Mat out = cv::Mat::zeros(box.size(), CV_8U);
    for (const BlobRun& r : blobs.runs)
        if (r.blob == blob)
            std::fill(out.ptr<uchar>(r.y - box.y) + (r.x0 - box.x),
                      out.ptr<uchar>(r.y - box.y) + (r.x1 - box.x), uchar(255));
    return out;
}

} // namespace veil
