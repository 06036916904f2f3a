#pragma once
// The project key: 256 random bits that drive every keyed pseudonym, UID and date offset.
// It is stored sealed in a key file: argon2id (crypto_pwhash) turns the passphrase into a
// sealing key, XSalsa20-Poly1305 (crypto_secretbox) seals the key. Neither the key nor the
// passphrase is ever written anywhere else, logged or put into an error message.
#include <array>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

namespace veil {

// A passphrase held in memory only as long as needed, wiped on destruction.
class Passphrase {
public:
    Passphrase() = default;
    explicit Passphrase(std::string text) : m_text(std::move(text)) {}
    Passphrase(const Passphrase&) = delete;
    Passphrase& operator=(const Passphrase&) = delete;
    Passphrase(Passphrase&& other) noexcept;
    Passphrase& operator=(Passphrase&& other) noexcept;
    ~Passphrase();
    const std::string& text() const { return m_text; }
    bool empty() const { return m_text.empty(); }

private:
    void wipe();
    std::string m_text;
};

class ProjectKey {
public:
    static constexpr std::size_t kSize = 32;
    using Bytes = std::array<std::uint8_t, kSize>;

    static ProjectKey generate();
    static ProjectKey fromBytes(const Bytes& bytes); // tests and key files only
    ProjectKey(const ProjectKey&) = default;
    ProjectKey& operator=(const ProjectKey&) = default;
    ~ProjectKey();

    // HMAC-SHA-256 of "domain\0message": one independent function per domain.
    Bytes mac(std::string_view domain, std::string_view message) const;
    // A short public name for the key ("3f9a2c1b"), safe to print: it reveals nothing of the key.
    std::string fingerprint() const;
    const Bytes& bytes() const { return m_bytes; }

private:
    ProjectKey() = default;
    Bytes m_bytes{};
};

enum class KeyOrigin { Opened, Created };

// A passphrase as given for a key file: typed by a person (a new key needs it typed twice, alike)
// or taken from VEIL_PASSPHRASE (scripts, CI: once is enough).
struct PassphraseEntry {
    Passphrase passphrase;
    std::optional<Passphrase> repeated; // typed again; asked when the key file does not exist
    bool fromEnvironment = false;
};

// Key files. Every failure throws veil::Error naming the file; a wrong passphrase says so.
namespace keyfile {
std::filesystem::path defaultPath(); // <AppDataLocation>/project.veilkey
ProjectKey open(const std::filesystem::path& file, const Passphrase& passphrase);
// Writes atomically (temporary file, then rename), readable by the owner only.
void write(const std::filesystem::path& file, const ProjectKey& key, const Passphrase& passphrase);
ProjectKey openOrCreate(const std::filesystem::path& file, const Passphrase& passphrase,
                        KeyOrigin* origin);
// The one way the GUI and veil-cli open the project key: an empty passphrase is refused; an
// existing file is opened; a missing one is created (with its folder) only when a typed
// passphrase was typed twice alike, else nothing is created.
ProjectKey openEntered(const std::filesystem::path& file, const PassphraseEntry& entry,
                       KeyOrigin* origin);
// Whether the key file is there: a face asks for the passphrase twice when it is not.
bool exists(const std::filesystem::path& file);
} // namespace keyfile

// Authenticated encryption with a 32-byte key: nonce || secretbox. Open returns nothing when
// the key is wrong or the bytes were altered.
std::string sealWithKey(std::string_view plain, const ProjectKey::Bytes& key);
std::optional<std::string> openWithKey(std::string_view sealed, const ProjectKey::Bytes& key);

// Writes bytes atomically with owner-only permissions. Throws veil::Error.
void writePrivateFile(const std::filesystem::path& file, std::string_view bytes);

} // namespace veil
