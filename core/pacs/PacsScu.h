#pragma once
// Internal to core/pacs (DCMTK): the DcmSCU every operation goes through, and the mapping
// of DCMTK's conditions to PacsErrors that name the node. Never include outside core/pacs.
#include "pacs/PacsTypes.h"

#include <dcmtk/config/osconfig.h>
#include <dcmtk/dcmnet/scu.h>

#include <string>
#include <vector>

namespace veil::pacs::detail {

// Quietens dcmnet's own logging (every failure becomes a PacsError) and registers the codecs
// (C-STORE may have to decompress). Safe to call from any thread, any number of times.
void initDcmtk();

// A DcmSCU configured from the node and the settings: our AE title, the node's, timeouts,
// non-blocking DIMSE. Subclasses override DcmSCU's response handlers.
class Scu : public DcmSCU {
public:
    Scu(const PacsNode& node, const PacsSettings& settings);
    ~Scu() override;

    // initNetwork + negotiateAssociation with the presentation contexts added so far.
    // Throws PacsError: refused, rejected (with the reason), timeout, no service.
    void connect(const std::string& doing);
    // Releases the association (after a failure: aborts it). Never throws.
    void close();

    const PacsNode& node() const { return m_node; }
    const PacsSettings& settings() const { return m_settings; }
    std::string nodeName() const { return m_node.toString(); }

    // The PacsError for a failed DIMSE exchange while `doing` something.
    PacsError failure(const OFCondition& cond, const std::string& doing) const;

private:
    PacsNode m_node;
    PacsSettings m_settings;
};

// Transfer syntaxes in the order Veil prefers to receive them: the compressed ones first
// (a file keeps its syntax when both sides know it), then explicit and implicit little
// endian.
OFList<OFString> allTransferSyntaxes();
OFList<OFString> uncompressedSyntaxes();

// The node's DIMSE status in words: "0xA700 (Refused: Out of resources)".
std::string statusText(Uint16 status);

} // namespace veil::pacs::detail
