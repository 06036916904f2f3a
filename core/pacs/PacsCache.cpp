#include "pacs/PacsClient.h"

#include <QStandardPaths>

namespace veil::pacs {

std::filesystem::path pacsCacheRoot() {
    std::filesystem::path root;
    const QByteArray env = qgetenv("VEIL_PACS_CACHE");
    if (!env.isEmpty())
        root = env.toStdString();
    else
        root = (QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) + "/pacs-cache")
                   .toStdString();
    std::error_code ec;
    std::filesystem::create_directories(root, ec);
    if (!std::filesystem::is_directory(root))
        throw Error(root.string(), "cannot create the PACS cache folder: " + ec.message());
    return root;
}

} // namespace veil::pacs
