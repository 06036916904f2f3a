#include "DeidTestData.h"

#include <dcmtk/config/osconfig.h>
#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcfilefo.h>
#include <dcmtk/dcmdata/dcitem.h>
#include <dcmtk/dcmdata/dcmetinf.h>

#include <fstream>
#include <stdexcept>

namespace deidtest {

namespace {

void put(DcmItem& item, const DcmTagKey& key, const std::string& value) {
    if (item.putAndInsertString(key, value.c_str()).bad())
        throw std::runtime_error("test data: cannot put " + std::string(DcmTag(key).getTagName()));
}

DcmItem& child(DcmItem& item, const DcmTagKey& seq, long index = -2) {
    DcmItem* out = nullptr;
    if (item.findOrCreateSequenceItem(seq, out, index).bad() || !out)
        throw std::runtime_error("test data: cannot create a sequence item");
    return *out;
}

void putPixels(DcmItem& item, int size) {
    put(item, DCM_SamplesPerPixel, "1");
    put(item, DCM_PhotometricInterpretation, "MONOCHROME2");
    put(item, DCM_Rows, std::to_string(size));
    put(item, DCM_Columns, std::to_string(size));
    put(item, DCM_BitsAllocated, "16");
    put(item, DCM_BitsStored, "12");
    put(item, DCM_HighBit, "11");
    put(item, DCM_PixelRepresentation, "0");
    std::vector<Uint16> pixels(std::size_t(size * size));
    for (std::size_t i = 0; i < pixels.size(); ++i)
        pixels[i] = Uint16((i * 37) % 4000);
    item.putAndInsertUint16Array(DCM_PixelData, pixels.data(), unsigned(pixels.size()));
}

void putPatientAndStudy(DcmItem& ds, const Instance& s) {
    put(ds, DCM_PatientName, s.patientName);
    put(ds, DCM_PatientID, s.patientId);
    put(ds, DCM_PatientBirthDate, s.birthDate);
    put(ds, DCM_PatientSex, "M");
    put(ds, DCM_PatientAge, "059Y");
    put(ds, DCM_PatientAddress, "12 Acacia Avenue, Springfield");
    put(ds, DCM_PatientTelephoneNumbers, "555-0199");
    put(child(ds, DCM_OtherPatientIDsSequence), DCM_PatientID, "MRN-0042");
    put(ds, DCM_StudyInstanceUID, s.studyUid);
    put(ds, DCM_StudyDate, s.studyDate);
    put(ds, DCM_StudyTime, "101530");
    put(ds, DCM_AccessionNumber, s.accession);
    put(ds, DCM_StudyID, "STUDY-8812");
    put(ds, DCM_ReferringPhysicianName, "JONES^ALICE");
    put(ds, DCM_StudyDescription, "CT CHEST for SMITH 04/03/2021");
    put(ds, DCM_InstitutionName, "St Elsewhere General Hospital");
    put(ds, DCM_InstitutionAddress, "1 Hospital Road, Springfield");
    put(ds, DCM_StationName, "CTSTATION7");
    put(ds, DCM_DeviceSerialNumber, "SN-77812");
    put(ds, DCM_OperatorsName, "BOBSON^BOB");
    put(ds, DCM_Manufacturer, "ACME");
    put(child(ds, DCM_RequestAttributesSequence), DCM_RequestedProcedureDescription,
        "CT for SMITH JOHN");
}

void putSeries(DcmItem& ds, const Instance& s) {
    put(ds, DCM_SeriesInstanceUID, s.seriesUid);
    put(ds, DCM_SeriesNumber, std::to_string(s.seriesNumber));
    put(ds, DCM_SeriesDate, s.seriesDate);
    put(ds, DCM_SeriesDescription, "AXIAL 1mm JOHN SMITH");
    put(ds, DCM_InstanceNumber, std::to_string(s.number));
    put(ds, DCM_ContentDate, s.seriesDate);
    put(ds, DCM_ContentTime, "101600");
    put(ds, DCM_AcquisitionDate, s.seriesDate);
    put(ds, DCM_FrameOfReferenceUID, s.studyUid + ".99");
}

void putPrivate(DcmItem& ds) {
    put(ds, DcmTagKey(0x0009, 0x0010), "ACME PHI 1.0");
    DcmTag text(0x0009, 0x1001, "ACME PHI 1.0");
    text.setVR(DcmVR(EVR_LO));
    ds.putAndInsertString(text, "SMITH JOHN MRN-0042");
    DcmTag seq(0x0009, 0x1002, "ACME PHI 1.0");
    seq.setVR(DcmVR(EVR_SQ));
    ds.insertEmptyElement(seq);
    DcmItem* item = nullptr;
    ds.findOrCreateSequenceItem(seq, item, -2);
    put(*item, DCM_PatientName, "SMITH^JOHN");
}

void putImageExtras(DcmItem& ds) {
    put(ds, DCM_ImageComments, "Patient John Smith, DOB 13/07/1961");
    put(ds, DCM_Modality, "CT");
    DcmItem& icon = child(ds, DCM_IconImageSequence);
    putPixels(icon, 8);
    put(ds, DcmTagKey(0x6000, 0x0010), "16");
    put(ds, DcmTagKey(0x6000, 0x0011), "16");
    put(ds, DcmTagKey(0x6000, 0x0022), "Marks for SMITH");
    put(ds, DcmTagKey(0x6000, 0x0040), "G");
    put(ds, DcmTagKey(0x6000, 0x0050), "1\\1");
    put(ds, DcmTagKey(0x6000, 0x0100), "1");
    put(ds, DcmTagKey(0x6000, 0x0102), "0");
    std::vector<Uint16> bits(16, 0x5555);
    ds.putAndInsertUint16Array(DcmTagKey(0x6000, 0x3000), bits.data(), unsigned(bits.size()));
    putPixels(ds, 16);
}

void putSr(DcmItem& ds, const Instance& s) {
    put(ds, DCM_Modality, "SR");
    put(ds, DCM_CompletionFlag, "COMPLETE");
    put(ds, DCM_VerificationFlag, "UNVERIFIED");
    put(ds, DCM_ValueType, "CONTAINER");
    put(ds, DCM_ContinuityOfContent, "SEPARATE");
    DcmItem& text = child(ds, DCM_ContentSequence);
    put(text, DCM_RelationshipType, "CONTAINS");
    put(text, DCM_ValueType, "TEXT");
    put(text, DCM_TextValue, "Small nodule. Discussed with John Smith and Dr Jones on 04/03/2021.");
    DcmItem& name = child(ds, DCM_ContentSequence);
    put(name, DCM_RelationshipType, "CONTAINS");
    put(name, DCM_ValueType, "PNAME");
    put(name, DCM_PersonName, s.patientName);
    DcmItem& evidence = child(ds, DCM_CurrentRequestedProcedureEvidenceSequence);
    put(evidence, DCM_StudyInstanceUID, s.studyUid);
    DcmItem& series = child(evidence, DCM_ReferencedSeriesSequence);
    put(series, DCM_SeriesInstanceUID, s.referencedSeries);
    for (const std::string& sop : s.referencedSops) {
        DcmItem& ref = child(series, DCM_ReferencedSOPSequence);
        put(ref, DCM_ReferencedSOPClassUID, kCtImage);
        put(ref, DCM_ReferencedSOPInstanceUID, sop);
    }
}

} // namespace

void write(const std::filesystem::path& file, const Instance& s) {
    DcmFileFormat ff;
    DcmItem& ds = *ff.getDataset();
    put(ds, DCM_SpecificCharacterSet, "ISO_IR 100");
    put(ds, DCM_SOPClassUID, s.sopClass);
    put(ds, DCM_SOPInstanceUID, s.sopUid);
    putPatientAndStudy(ds, s);
    putSeries(ds, s);
    putPrivate(ds);
    if (s.sopClass == kComprehensiveSr)
        putSr(ds, s);
    else
        putImageExtras(ds);
    put(*ff.getMetaInfo(), DCM_SourceApplicationEntityTitle, "SCANNER_AE");
    std::filesystem::create_directories(file.parent_path());
    const OFCondition c = ff.saveFile(file.c_str(), EXS_LittleEndianExplicit);
    if (c.bad())
        throw std::runtime_error("test data: cannot write " + file.string() + ": " + c.text());
}

std::vector<std::string> plantedValues(const Instance& s) {
    return {"SMITH",       "Smith",     "JOHN",       "John",       s.patientId,
            "MRN-0042",    s.birthDate, s.accession,  "Acacia",     "555-0199",
            "JONES",       "ALICE",     "Jones",      "BOBSON",     "Elsewhere",
            "CTSTATION7",  "SN-77812",  "SCANNER_AE", "STUDY-8812", "ACME PHI",
            "Springfield", s.studyDate, s.seriesDate, "04/03/2021", "13/07/1961"};
}

std::vector<std::string> originalUids(const Instance& s) {
    std::vector<std::string> out = {s.studyUid, s.seriesUid, s.sopUid, s.studyUid + ".99"};
    out.insert(out.end(), s.referencedSops.begin(), s.referencedSops.end());
    return out;
}

std::string slurp(const std::filesystem::path& file) {
    std::ifstream in(file, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), {}};
}

} // namespace deidtest
