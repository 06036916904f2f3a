// fuzz_inputs: input expansion as `veil-cli info` does it: the bytes as a zip archive or as a
// DICOMDIR (first byte), expanded and every candidate's header read.
#include "FuzzCommon.h"

#include "common/Error.h"
#include "study/StudyIndexer.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size < 1)
        return 0;
    const bool dicomdir = data[0] & 1;
    const auto folder = veil::fuzz::scratch() / "inputs";
    std::filesystem::remove_all(folder);
    std::filesystem::create_directories(folder / "IMAGES");
    const auto path = folder / (dicomdir ? "DICOMDIR" : "input.zip");
    std::ofstream(path, std::ios::binary)
        .write(reinterpret_cast<const char*>(data + 1), std::streamsize(size - 1));
    veil::IndexOptions options;
    options.threads = 1;
    veil::NullProgress progress;
    veil::CancelToken cancel;
    const veil::StudyIndex index =
        veil::StudyIndexer(options).run({path.string()}, progress, cancel);
    (void)index.instanceCount();
    return 0;
}
