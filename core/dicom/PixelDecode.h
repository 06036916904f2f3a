#pragma once
// Private to core/dicom: frame decoding behind DicomFile::frame().
#include "dicom/DicomFileImpl.h"

#include <cstdint>
#include <vector>

namespace veil {

// wholeWords: every bit of each word as stored (no masking to BitsStored, no sign extension).
Frame decodeFrame(DicomFile::Impl& impl, int index, bool wholeWords = false);

// Decodes one JPEG 2000 codestream (or JP2 file) with OpenJPEG into interleaved samples.
// Throws veil::Error (without a file name: the caller adds it).
cv::Mat decodeJpeg2000(const std::uint8_t* data, std::size_t size);

// Transfer syntaxes Veil can decode, and a name for those it cannot.
bool isJpeg2000(const std::string& transferSyntaxUid);

} // namespace veil
