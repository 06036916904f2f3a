#pragma once
// Veil's own error type: DCMTK's OFCondition, OpenCV and OpenJPEG failures are
// turned into this at the edge, with the file and a plain-language message.
#include <stdexcept>
#include <string>

namespace veil {

class Error : public std::runtime_error {
public:
    explicit Error(const std::string& message) : std::runtime_error(message) {}
    Error(std::string file, const std::string& message)
        : std::runtime_error(file.empty() ? message : file + ": " + message),
          m_file(std::move(file)), m_detail(message) {}

    const std::string& file() const { return m_file; }
    // The message without the file name in front.
    const std::string& detail() const { return m_detail.empty() ? m_what() : m_detail; }

private:
    const std::string& m_what() const {
        m_cache = what();
        return m_cache;
    }
    std::string m_file;
    std::string m_detail;
    mutable std::string m_cache;
};

} // namespace veil
