#pragma once
// A list of problems in plain words, empty when everything holds: what a check that can find
// several things wrong at once returns (sign-offs, the gate's override, export preflight), so
// the GUI lists them and the CLI prints them the same way.
#include <string>
#include <vector>

namespace veil {

struct Problems {
    std::vector<std::string> items;
    bool ok() const { return items.empty(); }
    std::string message() const; // one problem per line
    void add(std::string problem) { items.push_back(std::move(problem)); }
};

} // namespace veil
