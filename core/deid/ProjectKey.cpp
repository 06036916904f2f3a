#include "deid/ProjectKey.h"

#include "common/Error.h"

#include <QStandardPaths>

#include <sodium.h>

#include <cstring>
#include <fstream>
#include <mutex>
#include <sstream>
#include <vector>

namespace veil {

namespace {

constexpr char kKeyMagic[8] = {'V', 'E', 'I', 'L', 'K', 'E', 'Y', '1'};
constexpr std::size_t kHeader = 8 + 8 + 8 + crypto_pwhash_SALTBYTES;

void ensureSodium() {
    static const int ok = sodium_init();
    if (ok < 0)
        throw Error("libsodium could not be initialised");
}

void putU64(std::string& out, std::uint64_t v) {
    for (int i = 0; i < 8; ++i)
        out += char((v >> (8 * i)) & 0xFF);
}

std::uint64_t getU64(std::string_view in, std::size_t at) {
    std::uint64_t v = 0;
    for (int i = 7; i >= 0; --i)
        v = (v << 8) | std::uint8_t(in[at + std::size_t(i)]);
    return v;
}

// Derives the sealing key; the result is remembered for the life of the process, so a
// passphrase costs one argon2id run however many files are sealed or opened with it.
class SealingKeys {
public:
    ProjectKey::Bytes derive(const Passphrase& pass, const std::uint8_t* salt, std::uint64_t ops,
                             std::uint64_t mem, const std::string& file) {
        Entry probe{};
        std::memcpy(probe.salt.data(), salt, probe.salt.size());
        crypto_generichash(probe.passHash.data(), probe.passHash.size(),
                           reinterpret_cast<const unsigned char*>(pass.text().data()),
                           pass.text().size(), m_pepper.data(), m_pepper.size());
        probe.ops = ops;
        probe.mem = mem;
        std::lock_guard lock(m_mutex);
        for (const Entry& e : m_entries)
            if (e.ops == ops && e.mem == mem &&
                sodium_memcmp(e.salt.data(), probe.salt.data(), 16) == 0 &&
                sodium_memcmp(e.passHash.data(), probe.passHash.data(), 32) == 0)
                return e.key;
        if (crypto_pwhash(probe.key.data(), probe.key.size(), pass.text().data(),
                          pass.text().size(), salt, ops, std::size_t(mem),
                          crypto_pwhash_ALG_ARGON2ID13) != 0)
            throw Error(file, "not enough memory to derive the sealing key from the passphrase");
        m_entries.push_back(probe);
        return probe.key;
    }

    SealingKeys() { randombytes_buf(m_pepper.data(), m_pepper.size()); }

private:
    struct Entry {
        std::array<std::uint8_t, crypto_pwhash_SALTBYTES> salt;
        std::array<std::uint8_t, 32> passHash;
        std::uint64_t ops, mem;
        ProjectKey::Bytes key;
    };
    std::array<std::uint8_t, crypto_generichash_KEYBYTES> m_pepper{};
    std::mutex m_mutex;
    std::vector<Entry> m_entries;
};

SealingKeys& sealingKeys() {
    ensureSodium();
    static SealingKeys keys;
    return keys;
}

std::string readAll(const std::filesystem::path& file) {
    std::ifstream in(file, std::ios::binary);
    if (!in)
        throw Error(file.string(), "cannot be opened for reading");
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

} // namespace

Passphrase::Passphrase(Passphrase&& other) noexcept : m_text(std::move(other.m_text)) {
    other.wipe();
}

Passphrase& Passphrase::operator=(Passphrase&& other) noexcept {
    if (this != &other) {
        wipe();
        m_text = std::move(other.m_text);
        other.wipe();
    }
    return *this;
}

Passphrase::~Passphrase() {
    wipe();
}

void Passphrase::wipe() {
    if (!m_text.empty())
        sodium_memzero(m_text.data(), m_text.size());
    m_text.clear();
}

ProjectKey::~ProjectKey() {
    sodium_memzero(m_bytes.data(), m_bytes.size());
}

ProjectKey ProjectKey::generate() {
    ensureSodium();
    ProjectKey k;
    randombytes_buf(k.m_bytes.data(), k.m_bytes.size());
    return k;
}

ProjectKey ProjectKey::fromBytes(const Bytes& bytes) {
    ensureSodium();
    ProjectKey k;
    k.m_bytes = bytes;
    return k;
}

ProjectKey::Bytes ProjectKey::mac(std::string_view domain, std::string_view message) const {
    crypto_auth_hmacsha256_state state;
    crypto_auth_hmacsha256_init(&state, m_bytes.data(), m_bytes.size());
    crypto_auth_hmacsha256_update(&state, reinterpret_cast<const unsigned char*>(domain.data()),
                                  domain.size());
    const unsigned char zero = 0;
    crypto_auth_hmacsha256_update(&state, &zero, 1);
    crypto_auth_hmacsha256_update(&state, reinterpret_cast<const unsigned char*>(message.data()),
                                  message.size());
    Bytes out{};
    crypto_auth_hmacsha256_final(&state, out.data());
    sodium_memzero(&state, sizeof state);
    return out;
}

std::string ProjectKey::fingerprint() const {
    const Bytes m = mac("veil/fingerprint/v1", "");
    char hex[9];
    sodium_bin2hex(hex, sizeof hex, m.data(), 4);
    return hex;
}

std::string sealWithKey(std::string_view plain, const ProjectKey::Bytes& key) {
    ensureSodium();
    std::string out(crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES + plain.size(), '\0');
    auto* nonce = reinterpret_cast<unsigned char*>(out.data());
    randombytes_buf(nonce, crypto_secretbox_NONCEBYTES);
    crypto_secretbox_easy(nonce + crypto_secretbox_NONCEBYTES,
                          reinterpret_cast<const unsigned char*>(plain.data()), plain.size(), nonce,
                          key.data());
    return out;
}

std::optional<std::string> openWithKey(std::string_view sealed, const ProjectKey::Bytes& key) {
    ensureSodium();
    if (sealed.size() < crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES)
        return std::nullopt;
    const auto* nonce = reinterpret_cast<const unsigned char*>(sealed.data());
    std::string plain(sealed.size() - crypto_secretbox_NONCEBYTES - crypto_secretbox_MACBYTES,
                      '\0');
    if (crypto_secretbox_open_easy(
            reinterpret_cast<unsigned char*>(plain.data()), nonce + crypto_secretbox_NONCEBYTES,
            sealed.size() - crypto_secretbox_NONCEBYTES, nonce, key.data()) != 0)
        return std::nullopt;
    return plain;
}

void writePrivateFile(const std::filesystem::path& file, std::string_view bytes) {
    namespace fs = std::filesystem;
    std::error_code ec;
    if (!file.parent_path().empty())
        fs::create_directories(file.parent_path(), ec);
    const fs::path temp = file.parent_path() / ("." + file.filename().string() + ".veil-partial");
    {
        std::ofstream out(temp, std::ios::binary | std::ios::trunc);
        if (!out)
            throw Error(file.string(), "cannot be created: " + std::string(std::strerror(errno)));
        fs::permissions(temp, fs::perms::owner_read | fs::perms::owner_write, ec);
        out.write(bytes.data(), std::streamsize(bytes.size()));
        if (!out.flush()) {
            fs::remove(temp, ec);
            throw Error(file.string(), "could not be written (disk full?)");
        }
    }
    fs::rename(temp, file, ec);
    if (ec) {
        fs::remove(temp, ec);
        throw Error(file.string(), "could not be moved into place: " + ec.message());
    }
}

namespace keyfile {

std::filesystem::path defaultPath() {
    const QString dir = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
    if (dir.isEmpty())
        throw Error("no user data folder to keep the project key in: give --key-file");
    return std::filesystem::path(dir.toStdString()) / "project.veilkey";
}

ProjectKey open(const std::filesystem::path& file, const Passphrase& passphrase) {
    const std::string data = readAll(file);
    const std::size_t boxSize =
        crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES + ProjectKey::kSize;
    if (data.size() != kHeader + boxSize || std::memcmp(data.data(), kKeyMagic, 8) != 0)
        throw Error(file.string(), "not a Veil key file");
    const std::uint64_t ops = getU64(data, 8), mem = getU64(data, 16);
    if (ops < crypto_pwhash_OPSLIMIT_MIN || ops > crypto_pwhash_OPSLIMIT_MAX ||
        mem < crypto_pwhash_MEMLIMIT_MIN || mem > (std::uint64_t(4) << 30))
        throw Error(file.string(), "not a Veil key file (implausible key derivation settings)");
    const auto* salt = reinterpret_cast<const std::uint8_t*>(data.data() + 24);
    ProjectKey::Bytes sealing = sealingKeys().derive(passphrase, salt, ops, mem, file.string());
    auto plain = openWithKey(std::string_view(data).substr(kHeader), sealing);
    sodium_memzero(sealing.data(), sealing.size());
    if (!plain)
        throw Error(file.string(), "wrong passphrase (or the key file was altered)");
    ProjectKey::Bytes bytes{};
    std::memcpy(bytes.data(), plain->data(), bytes.size());
    sodium_memzero(plain->data(), plain->size());
    ProjectKey key = ProjectKey::fromBytes(bytes);
    sodium_memzero(bytes.data(), bytes.size());
    return key;
}

void write(const std::filesystem::path& file, const ProjectKey& key, const Passphrase& passphrase) {
    if (passphrase.empty())
        throw Error(file.string(), "an empty passphrase cannot protect a project key");
    ensureSodium();
    std::string out(kKeyMagic, 8);
    putU64(out, crypto_pwhash_OPSLIMIT_INTERACTIVE);
    putU64(out, crypto_pwhash_MEMLIMIT_INTERACTIVE);
    std::array<std::uint8_t, crypto_pwhash_SALTBYTES> salt{};
    randombytes_buf(salt.data(), salt.size());
    out.append(reinterpret_cast<const char*>(salt.data()), salt.size());
    ProjectKey::Bytes sealing =
        sealingKeys().derive(passphrase, salt.data(), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                             crypto_pwhash_MEMLIMIT_INTERACTIVE, file.string());
    out += sealWithKey(
        std::string_view(reinterpret_cast<const char*>(key.bytes().data()), key.bytes().size()),
        sealing);
    sodium_memzero(sealing.data(), sealing.size());
    writePrivateFile(file, out);
}

ProjectKey openOrCreate(const std::filesystem::path& file, const Passphrase& passphrase,
                        KeyOrigin* origin) {
    std::error_code ec;
    if (std::filesystem::exists(file, ec)) {
        if (origin)
            *origin = KeyOrigin::Opened;
        return open(file, passphrase);
    }
    ProjectKey key = ProjectKey::generate();
    write(file, key, passphrase);
    if (origin)
        *origin = KeyOrigin::Created;
    return key;
}

bool exists(const std::filesystem::path& file) {
    std::error_code ec;
    return std::filesystem::exists(file, ec);
}

ProjectKey openEntered(const std::filesystem::path& file, const PassphraseEntry& entry,
                       KeyOrigin* origin) {
    if (entry.passphrase.empty())
        throw Error(file.string(), "an empty passphrase cannot protect the project key");
    if (!keyfile::exists(file) && !entry.fromEnvironment) {
        if (!entry.repeated)
            throw Error(file.string(), "a new project key's passphrase must be typed twice: "
                                       "nothing was created");
        if (entry.repeated->text() != entry.passphrase.text())
            throw Error(file.string(), "the two passphrases differ: nothing was created");
    }
    if (!keyfile::exists(file) && file.has_parent_path())
        std::filesystem::create_directories(file.parent_path());
    return openOrCreate(file, entry.passphrase, origin);
}

} // namespace keyfile

} // namespace veil
