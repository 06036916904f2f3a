# Every dependency comes from a Debian 12 package; nothing is downloaded.
find_package(Qt6 6.4 REQUIRED COMPONENTS Core Gui Widgets Concurrent Test PrintSupport)
find_package(DCMTK REQUIRED CONFIG)
find_package(OpenCV 4 REQUIRED COMPONENTS core imgproc imgcodecs)
find_package(QuaZip-Qt6 REQUIRED)
find_package(OpenSSL REQUIRED COMPONENTS Crypto) # libssl-dev, with libdcmtk-dev
find_package(PkgConfig REQUIRED)
pkg_check_modules(TESSERACT REQUIRED IMPORTED_TARGET tesseract lept)
pkg_check_modules(OPENJPEG REQUIRED IMPORTED_TARGET libopenjp2)
pkg_check_modules(SODIUM REQUIRED IMPORTED_TARGET libsodium)
# Encapsulated PDF reports are rendered and read with poppler (GPL-2.0-or-later: see README).
pkg_check_modules(POPPLER_QT6 REQUIRED IMPORTED_TARGET poppler-qt6)
