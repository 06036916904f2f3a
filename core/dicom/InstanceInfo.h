#pragma once
// What indexing learns about one instance from its header: plain values only.
#include <string>

namespace veil {

// Encapsulated PDF Storage: an instance of it is a report (InstanceInfo::report).
inline constexpr const char* kEncapsulatedPdfClass = "1.2.840.10008.5.1.4.1.1.104.1";

struct InstanceInfo {
    std::string path;      // the path as Veil found it (inside a zip: "archive.zip/dir/file")
    std::string localPath; // where the bytes are on disk (a zip entry is extracted to a cache)
    std::string sopClassUid, sopInstanceUid;
    std::string patientName, patientId, patientBirthDate, patientSex;
    std::string studyInstanceUid, studyDate, studyTime, studyDescription, accessionNumber;
    std::string seriesInstanceUid, seriesDescription;
    int seriesNumber = 0;
    int instanceNumber = 0;
    std::string modality, manufacturer, manufacturerModelName;
    std::string transferSyntaxUid;
    std::string photometric;
    int rows = 0, columns = 0, frames = 0;
    int samplesPerPixel = 1, bitsAllocated = 0, bitsStored = 0, pixelRepresentation = 0;
    int planarConfiguration = 0;
    bool hasPixelData = false;
    // A report (document/ReportPages): an Encapsulated PDF, or a PDF file beside the study
    // (reportFile: not DICOM; its patient and study are those of the study beside it). Its
    // pages are its frames: the viewer shows them, the scan reads them, the review sees them.
    bool report = false, reportFile = false;
    std::string burnedInAnnotation;
    long long fileSize = 0;
    // What the face warning (study/FaceRisk) and face removal (face/) read from the header.
    std::string bodyPartExamined, protocolName;
    std::string recognizableVisualFeatures; // (0028,0302) YES/NO, as written
    bool hasGeometry = false;       // ImagePositionPatient, ImageOrientationPatient, PixelSpacing
    double position[3] = {0, 0, 0}; // ImagePositionPatient (mm, LPS)
    double orientation[6] = {1, 0, 0, 0, 1, 0}; // ImageOrientationPatient: row, column cosines
    double pixelSpacing[2] = {1, 1};            // between rows, between columns (mm)
    double sliceThickness = 0;
    double rescaleSlope = 1, rescaleIntercept = 0;
};

// Names a transfer syntax in plain words: "JPEG 2000 (lossless)".
std::string transferSyntaxName(const std::string& uid);
// Names a SOP class: "CT Image Storage".
std::string sopClassName(const std::string& uid);

} // namespace veil
