#pragma once
// Overlay planes for the tests, written into test images (ImageSpec::edit): OverlayData
// (60xx,3000) with its rows, columns, origin and frames, and the retired form kept in a bit
// of each Pixel Data word. Text is rendered with Qt (needs a QGuiApplication).
#include "PixelTestFiles.h"

#include <string>
#include <vector>

#include <opencv2/core.hpp>

namespace veil::test {

// A 1-bit mask (CV_8U, 255 = set) of `rows` x `columns` with `text` drawn at x, y (top-left
// of the line), DejaVu Sans at `sizePx`, thresholded at half ink.
cv::Mat textMask(int rows, int columns, const std::string& text, int x, int y, int sizePx = 22);

// OverlayRows/Columns/Type/Origin/BitsAllocated 1/BitPosition 0 and OverlayData of `frames`
// (all the same size). numberOfFrames: write NumberOfFramesInOverlay and ImageFrameOrigin
// (`firstFrame`, 1-based); otherwise neither is written.
void putOverlayData(DcmDataset& ds, int group, const std::vector<cv::Mat>& frames,
                    int originRow = 1, int originColumn = 1, bool numberOfFrames = false,
                    int firstFrame = 1);

// The retired form: the group's header (rows, columns, type, origin, BitsAllocated 16,
// BitPosition `bit`) with no OverlayData; each frame's mask set into bit `bit` of the native
// 16-bit words of `raw` (rows x columns per frame).
void putOverlayInPixelData(DcmDataset& ds, std::vector<std::uint8_t>& raw, int group, int bit,
                           const std::vector<cv::Mat>& frames);

// Bit `bit` of every word of every frame of a 16-bit single-sample image.
void setBitEverywhere(std::vector<std::uint8_t>& raw, int bit);

} // namespace veil::test
