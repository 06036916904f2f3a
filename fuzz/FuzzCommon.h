#pragma once
// What every fuzz target shares: a scratch folder of its own, a file written from the input,
// DCMTK kept quiet. Only veil::Error is an expected outcome: anything else (a crash, another
// exception, a sanitizer report) is a finding.
#include <dcmtk/config/osconfig.h>
#include <dcmtk/oflog/oflog.h>

#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <unistd.h>

namespace veil::fuzz {

inline const std::filesystem::path& scratch() {
    static const std::filesystem::path dir = [] {
        OFLog::configure(OFLogger::FATAL_LOG_LEVEL);
        const char* base = std::getenv("TMPDIR");
        std::filesystem::path d = std::filesystem::path(base && *base ? base : "/tmp") /
                                  ("veil-fuzz-" + std::to_string(getpid()));
        std::filesystem::create_directories(d);
        return d;
    }();
    // Registered after `dir` is made, so it runs before `dir` goes: the folder goes at exit.
    static const bool removedAtExit = (std::atexit([] {
                                           std::error_code ec;
                                           std::filesystem::remove_all(scratch(), ec);
                                       }) == 0);
    (void)removedAtExit;
    return dir;
}

inline std::filesystem::path writeInput(const std::string& name, const std::uint8_t* data,
                                        std::size_t size) {
    const std::filesystem::path p = scratch() / name;
    std::ofstream(p, std::ios::binary | std::ios::trunc)
        .write(reinterpret_cast<const char*>(data), std::streamsize(size));
    return p;
}

} // namespace veil::fuzz
