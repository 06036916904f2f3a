#pragma once

namespace veil {
// Registers DCMTK's JPEG, JPEG-LS and RLE decoders and encoders once per process.
// Safe to call from any thread, any number of times.
void registerCodecs();
} // namespace veil
