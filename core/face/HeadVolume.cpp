#include "face/HeadVolume.h"

#include "common/Error.h"
#include "dicom/DicomFile.h"

#include <opencv2/core.hpp>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <exception>
#include <mutex>
#include <thread>

namespace veil {

namespace {

constexpr double kAxisCos = 0.866; // 30°: how far the anterior/superior axes may lean

struct Axes {
    double nx = 0, ny = 0, nz = 0; // slice normal
    double anteriorRow = 0;        // anterior (-Y) component of one step down the rows
    double anteriorCol = 0;        // ... of one step along the columns
};

Axes axesOf(const InstanceInfo& i) {
    const double* o = i.orientation; // row cosines o[0..2], column cosines o[3..5]
    Axes a;
    a.nx = o[1] * o[5] - o[2] * o[4];
    a.ny = o[2] * o[3] - o[0] * o[5];
    a.nz = o[0] * o[4] - o[1] * o[3];
    a.anteriorRow = -o[4]; // a step down the rows moves along the column cosines
    a.anteriorCol = -o[1]; // a step along a row moves along the row cosines
    return a;
}

double along(const InstanceInfo& i, const Axes& a) {
    return i.position[0] * a.nx + i.position[1] * a.ny + i.position[2] * a.nz;
}

} // namespace

std::string headVolumeProblem(const SeriesNode& series) {
    std::vector<const InstanceInfo*> images;
    for (const InstanceInfo& i : series.instances)
        if (i.hasPixelData)
            images.push_back(&i);
    if (images.size() < 2)
        return images.empty() ? "no images"
                              : "one instance (multi-frame volumes are not supported)";
    const InstanceInfo& first = *images.front();
    for (const InstanceInfo* i : images) {
        if (!i->hasGeometry)
            return i->path + " has no ImagePositionPatient/ImageOrientationPatient/PixelSpacing";
        if (i->frames != 1)
            return i->path + " is multi-frame (not supported)";
        if (i->samplesPerPixel != 1)
            return i->path + " is not greyscale";
        if (i->rows != first.rows || i->columns != first.columns)
            return "slices of different sizes";
        for (int k = 0; k < 6; ++k)
            if (std::abs(i->orientation[k] - first.orientation[k]) > 1e-3)
                return "slices of different orientations";
    }
    const Axes a = axesOf(first);
    if (std::abs(a.nz) < kAxisCos)
        return "not an axial series (the slice normal is more than 30° from head-feet)";
    if (std::max(std::abs(a.anteriorRow), std::abs(a.anteriorCol)) < kAxisCos)
        return "anterior is not along the image rows or columns (more than 30° off)";
    return {};
}

cv::Mat HeadVolume::toStored(const cv::Mat& canonical) const {
    cv::Mat m = canonical;
    if (flipped) {
        cv::Mat f;
        cv::flip(m, f, 0);
        m = f;
    }
    if (transposed) {
        cv::Mat t;
        cv::transpose(m, t);
        m = t;
    }
    return m;
}

double storedValueFor(const InstanceInfo& i, double value) {
    const double stored = std::round((value - i.rescaleIntercept) / i.rescaleSlope);
    const int bits = std::clamp(i.bitsStored > 0 ? i.bitsStored : i.bitsAllocated, 1, 31);
    const double lo = i.pixelRepresentation ? -std::pow(2.0, bits - 1) : 0;
    const double hi = i.pixelRepresentation ? std::pow(2.0, bits - 1) - 1 : std::pow(2.0, bits) - 1;
    return std::clamp(stored, lo, hi);
}

HeadVolume loadHeadVolume(const SeriesNode& series, const CancelToken& cancel, int threads) {
    if (const std::string problem = headVolumeProblem(series); !problem.empty())
        throw Error("series " + std::to_string(series.number) + ": " + problem);
    std::vector<const InstanceInfo*> images;
    for (const InstanceInfo& i : series.instances)
        if (i.hasPixelData)
            images.push_back(&i);
    const Axes a = axesOf(*images.front());
    const double superior = a.nz > 0 ? 1 : -1;
    std::sort(images.begin(), images.end(), [&](const InstanceInfo* x, const InstanceInfo* y) {
        return along(*x, a) * superior < along(*y, a) * superior;
    });
    HeadVolume v;
    v.modality = series.modality;
    const InstanceInfo& first = *images.front();
    v.transposed = std::abs(a.anteriorCol) > std::abs(a.anteriorRow);
    v.flipped = (v.transposed ? a.anteriorCol : a.anteriorRow) > 0;
    v.rows = v.transposed ? first.columns : first.rows;
    v.columns = v.transposed ? first.rows : first.columns;
    v.rowMm = v.transposed ? first.pixelSpacing[1] : first.pixelSpacing[0];
    v.colMm = v.transposed ? first.pixelSpacing[0] : first.pixelSpacing[1];
    std::vector<double> gaps;
    for (std::size_t k = 1; k < images.size(); ++k)
        gaps.push_back(std::abs(along(*images[k], a) - along(*images[k - 1], a)));
    std::nth_element(gaps.begin(), gaps.begin() + gaps.size() / 2, gaps.end());
    v.sliceMm = std::max(0.01, gaps[gaps.size() / 2]);
    v.instances = images;
    v.slices.resize(images.size());

    std::atomic<std::size_t> next{0};
    std::mutex failMutex;
    std::exception_ptr failure;
    auto work = [&] {
        for (std::size_t k = next++; k < images.size(); k = next++) {
            if (cancel.isCancelled())
                return;
            try {
                const InstanceInfo& info = *images[k];
                DicomFile file = DicomFile::open(info.localPath);
                cv::Mat stored = file.frame(0).pixels, value;
                if (stored.rows != info.rows || stored.cols != info.columns ||
                    stored.channels() != 1)
                    throw Error(info.path, "the pixels do not match the header's size");
                stored.convertTo(value, CV_32F, info.rescaleSlope, info.rescaleIntercept);
                if (v.transposed)
                    cv::transpose(value, value);
                if (v.flipped)
                    cv::flip(value, value, 0);
                v.slices[k] = value;
            } catch (...) {
                std::lock_guard lock(failMutex);
                if (!failure)
                    failure = std::current_exception();
                next = images.size();
            }
        }
    };
    const int n = std::clamp(threads > 0 ? threads : int(std::thread::hardware_concurrency()), 1,
                             int(images.size()));
    std::vector<std::thread> pool;
    for (int t = 1; t < n; ++t)
        pool.emplace_back(work);
    work();
    for (std::thread& t : pool)
        t.join();
    if (failure)
        std::rethrow_exception(failure);
    if (cancel.isCancelled())
        throw Error("series " + std::to_string(series.number) + ": cancelled");
    return v;
}

} // namespace veil
