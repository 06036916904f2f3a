#include "common/Sha256.h"

#include "common/Error.h"

#include <openssl/evp.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <memory>
#include <vector>

namespace veil {

namespace {

struct Digest {
    std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx{EVP_MD_CTX_new(), &EVP_MD_CTX_free};

    Digest() {
        if (!ctx || EVP_DigestInit_ex(ctx.get(), EVP_sha256(), nullptr) != 1)
            throw Error("SHA-256 is not available (OpenSSL)");
    }
    void add(const void* data, std::size_t size) {
        if (size > 0 && EVP_DigestUpdate(ctx.get(), data, size) != 1)
            throw Error("SHA-256 failed (OpenSSL)");
    }
    std::string hex() {
        unsigned char md[EVP_MAX_MD_SIZE];
        unsigned int len = 0;
        if (EVP_DigestFinal_ex(ctx.get(), md, &len) != 1)
            throw Error("SHA-256 failed (OpenSSL)");
        static constexpr char kHex[] = "0123456789abcdef";
        std::string out;
        out.reserve(len * 2);
        for (unsigned int i = 0; i < len; ++i) {
            out += kHex[md[i] >> 4];
            out += kHex[md[i] & 15];
        }
        return out;
    }
};

} // namespace

std::string sha256Hex(std::string_view bytes) {
    Digest d;
    d.add(bytes.data(), bytes.size());
    return d.hex();
}

std::string fileSha256Hex(const std::filesystem::path& file) {
    std::ifstream in(file, std::ios::binary);
    if (!in)
        throw Error(file.string(), std::string("cannot be read: ") + std::strerror(errno));
    Digest d;
    std::vector<char> block(1 << 20);
    while (in) {
        in.read(block.data(), std::streamsize(block.size()));
        d.add(block.data(), std::size_t(in.gcount()));
    }
    if (in.bad())
        throw Error(file.string(), "could not be read to the end");
    return d.hex();
}

} // namespace veil
