#pragma once
// A signer's own key: Ed25519 (libsodium crypto_sign), made on the person's first sign-off
// and kept in their data folder sealed by their passphrase. The 32-byte seed is sealed exactly
// as the project key is (keyfile::write: argon2id + secretbox), so one sealing format serves
// both. A sign-off carries the public key and the signature over its statement; anyone can
// check it with the public key alone.
#include "deid/ProjectKey.h"

#include <array>
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

namespace veil {

class SignerKey {
public:
    // Opens the key file with the passphrase, or makes a new key there (origin says which).
    // Throws veil::Error naming the file (wrong passphrase, unreadable file).
    static SignerKey openOrCreate(const std::filesystem::path& file, const Passphrase& passphrase,
                                  KeyOrigin* origin = nullptr);
    static SignerKey fromSeed(const ProjectKey& seed); // tests
    SignerKey(const SignerKey&) = default;
    SignerKey& operator=(const SignerKey&) = default;
    ~SignerKey();

    std::string publicKeyHex() const;                    // 64 hex digits
    std::string signHex(std::string_view message) const; // 128 hex digits

    // $VEIL_SIGNER_KEY when set, else <AppDataLocation>/signer.veilkey: the person's own.
    static std::filesystem::path defaultPath();

private:
    SignerKey() = default;
    std::array<std::uint8_t, 32> m_public{};
    std::array<std::uint8_t, 64> m_secret{};
};

// Does `signatureHex` sign `message` under `publicKeyHex`? False for malformed hex.
bool verifySignature(std::string_view publicKeyHex, std::string_view message,
                     std::string_view signatureHex);

// A short public name for a public key: the first 16 hex digits of its SHA-256, in groups of
// four ("3f9a 2c1b 77d0 e415"). Empty for an empty key.
std::string keyFingerprint(std::string_view publicKeyHex);

// The operating-system account at the keyboard ($USER, $USERNAME); "" when unknown.
std::string loginName();

} // namespace veil
