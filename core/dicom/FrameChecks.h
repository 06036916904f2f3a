#pragma once
// Private to core/dicom: every encapsulated frame is checked here before DCMTK's decoders or
// OpenJPEG see it (DCMTK's RLE decoder trusts the segment offsets and reads past its
// fragment; a JPEG or JPEG 2000 header that disagrees with Rows/Columns makes the decoders
// write or allocate what the header never promised). Each check throws veil::Error with the
// file's name and what is wrong with which frame.
#include "dicom/PixelDescription.h"

#include <cstdint>
#include <string>
#include <vector>

class DcmPixelSequence;
class DcmPixelItem;

namespace veil {

// The item (1-based, after the offset table) holding RLE frame `index`, its header and
// segment offsets checked against the fragment and the image description.
unsigned long checkRleFrame(DcmPixelSequence& seq, const PixelDescription& l, int index,
                            const std::string& file);

// A JPEG (10918) or JPEG-LS (14495) frame: the fragments start with SOI, and the frame
// header's size, components and precision agree with the image description.
void checkJpegFrame(const std::vector<DcmPixelItem*>& fragments, const PixelDescription& l,
                    int index, const std::string& file);

// A JPEG 2000 codestream (or JP2 file): the SIZ marker's size and components agree with the
// image description.
void checkJ2kStream(const std::uint8_t* data, std::size_t size, const PixelDescription& l,
                    int index, const std::string& file);

// The fragments of the sequence (items after the offset table), in order.
std::vector<DcmPixelItem*> fragmentsOf(DcmPixelSequence& seq);

} // namespace veil
