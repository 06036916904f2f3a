#include "review/SignerKey.h"

#include "common/Error.h"

#include <QCryptographicHash>
#include <QStandardPaths>

#include <sodium.h>

#include <cstring>

namespace veil {

namespace {

std::string toHex(const std::uint8_t* data, std::size_t n) {
    static const char* digits = "0123456789abcdef";
    std::string out;
    out.reserve(n * 2);
    for (std::size_t i = 0; i < n; ++i) {
        out += digits[data[i] >> 4];
        out += digits[data[i] & 15];
    }
    return out;
}

bool fromHex(std::string_view hex, std::uint8_t* out, std::size_t n) {
    if (hex.size() != n * 2)
        return false;
    auto nibble = [](char c) -> int {
        if (c >= '0' && c <= '9')
            return c - '0';
        if (c >= 'a' && c <= 'f')
            return c - 'a' + 10;
        if (c >= 'A' && c <= 'F')
            return c - 'A' + 10;
        return -1;
    };
    for (std::size_t i = 0; i < n; ++i) {
        const int hi = nibble(hex[2 * i]), lo = nibble(hex[2 * i + 1]);
        if (hi < 0 || lo < 0)
            return false;
        out[i] = std::uint8_t(hi * 16 + lo);
    }
    return true;
}

} // namespace

SignerKey SignerKey::fromSeed(const ProjectKey& seed) {
    if (sodium_init() < 0)
        throw Error("libsodium could not be initialised");
    SignerKey k;
    crypto_sign_seed_keypair(k.m_public.data(), k.m_secret.data(), seed.bytes().data());
    return k;
}

SignerKey SignerKey::openOrCreate(const std::filesystem::path& file, const Passphrase& passphrase,
                                  KeyOrigin* origin) {
    if (passphrase.empty())
        throw Error(file.string(), "a sign-off key needs a passphrase");
    return fromSeed(keyfile::openOrCreate(file, passphrase, origin));
}

SignerKey::~SignerKey() {
    sodium_memzero(m_secret.data(), m_secret.size());
}

std::string SignerKey::publicKeyHex() const {
    return toHex(m_public.data(), m_public.size());
}

std::string SignerKey::signHex(std::string_view message) const {
    std::array<std::uint8_t, crypto_sign_BYTES> sig{};
    crypto_sign_detached(sig.data(), nullptr,
                         reinterpret_cast<const unsigned char*>(message.data()), message.size(),
                         m_secret.data());
    return toHex(sig.data(), sig.size());
}

std::filesystem::path SignerKey::defaultPath() {
    const QByteArray env = qgetenv("VEIL_SIGNER_KEY");
    if (!env.isEmpty())
        return std::filesystem::path(env.toStdString());
    const QString dir = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
    if (dir.isEmpty())
        throw Error("no user data folder to keep your sign-off key in");
    return std::filesystem::path(dir.toStdString()) / "signer.veilkey";
}

bool verifySignature(std::string_view publicKeyHex, std::string_view message,
                     std::string_view signatureHex) {
    if (sodium_init() < 0)
        return false;
    std::array<std::uint8_t, crypto_sign_PUBLICKEYBYTES> pk{};
    std::array<std::uint8_t, crypto_sign_BYTES> sig{};
    if (!fromHex(publicKeyHex, pk.data(), pk.size()) ||
        !fromHex(signatureHex, sig.data(), sig.size()))
        return false;
    return crypto_sign_verify_detached(sig.data(),
                                       reinterpret_cast<const unsigned char*>(message.data()),
                                       message.size(), pk.data()) == 0;
}

std::string keyFingerprint(std::string_view publicKeyHex) {
    if (publicKeyHex.empty())
        return {};
    const QByteArray h =
        QCryptographicHash::hash(
            QByteArray(publicKeyHex.data(), qsizetype(publicKeyHex.size())).toLower(),
            QCryptographicHash::Sha256)
            .toHex()
            .left(16);
    std::string out;
    for (int i = 0; i < h.size(); ++i)
        out += (i && i % 4 == 0 ? " " : "") + std::string(1, h[i]);
    return out;
}

std::string loginName() {
    const QString user = qEnvironmentVariable("USER", qEnvironmentVariable("USERNAME"));
    return user.toStdString();
}

} // namespace veil
