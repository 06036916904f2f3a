#include "deid/PlannerRules.h"

#include "identity/FreeText.h"

#include <array>
#include <set>

namespace veil::planner {

namespace {

// When several selected options name the same row, the first of this list wins: the date
// options speak most precisely about dates, the retain options before the clean ones.
constexpr std::array<Option, kOptionCount> kPrecedence = {
    Option::RetainLongitudinalFullDates,
    Option::RetainLongitudinalModifiedDates,
    Option::RetainUIDs,
    Option::RetainDeviceIdentity,
    Option::RetainInstitutionIdentity,
    Option::RetainPatientCharacteristics,
    Option::RetainSafePrivate,
    Option::CleanStructuredContent,
    Option::CleanGraphics,
    Option::CleanDescriptors,
    Option::CleanRecognizableVisualFeatures, // no column of the table: never decides a row
};

constexpr Tag kTextValue{0x0040, 0xA160};
constexpr Tag kUnformattedTextValue{0x0070, 0x0006};

// File meta elements that name the sending systems.
const std::set<std::uint16_t> kMetaRemoved = {0x0016, 0x0017, 0x0018, 0x0026,
                                              0x0027, 0x0028, 0x0100, 0x0102};

// UIDs that name kinds of things, not instances: kept.
bool isClassUid(const ElementValue& e) {
    const std::string& k = e.keyword;
    auto ends = [&](const char* s) {
        const std::string suffix(s);
        return k.size() >= suffix.size() &&
               k.compare(k.size() - suffix.size(), suffix.size(), suffix) == 0;
    };
    if (ends("ClassUID") || ends("ClassUIDInFile") ||
        k.find("TransferSyntax") != std::string::npos || k == "SOPClassesInStudy" ||
        k == "CodingSchemeUID" || k == "MappingResourceUID" ||
        k == "ContextGroupExtensionCreatorUID" || k == "TemplateExtensionCreatorUID" ||
        k == "SOPClassesSupported")
        return true;
    return e.value.rfind("1.2.840.10008.", 0) == 0; // defined by the standard itself
}

std::string typeName(AttributeType t) {
    switch (t) {
    case AttributeType::Type1:
        return "Type 1";
    case AttributeType::Type2:
        return "Type 2";
    case AttributeType::Type3:
        return "Type 3";
    case AttributeType::Unknown:
        break;
    }
    return "type unknown";
}

TableAction byType(TableAction a, AttributeType t) {
    using A = TableAction;
    const bool t1 = t == AttributeType::Type1, t2 = t == AttributeType::Type2;
    switch (a) {
    case A::ZD:
        return t1 ? A::D : A::Z;
    case A::XZ:
        return t1 || t2 ? A::Z : A::X;
    case A::XD:
        return t1 || t2 ? A::D : A::X;
    case A::XZD:
        return t1 ? A::D : t2 ? A::Z : A::X;
    // Unknown type (nested references): replacing the UIDs inside hides as much as removing
    // them and keeps references such as a presentation state's images valid.
    case A::XZU:
        return t1 || t == AttributeType::Unknown ? A::U : t2 ? A::Z : A::X;
    default:
        return a;
    }
}

bool isCompound(TableAction a) {
    return a == TableAction::ZD || a == TableAction::XZ || a == TableAction::XD ||
           a == TableAction::XZD || a == TableAction::XZU;
}

} // namespace

bool isTextVr(const std::string& vr) {
    return vr == "LO" || vr == "SH" || vr == "ST" || vr == "LT" || vr == "UT" || vr == "UC" ||
           vr == "AE";
}

bool isBinaryVr(const std::string& vr) {
    return vr == "OB" || vr == "OW" || vr == "OF" || vr == "OD" || vr == "OL" || vr == "OV" ||
           vr == "UN" || vr == "ox" || vr == "px";
}

bool isOverlayGroup(Tag t) {
    return t.group >= 0x6000 && t.group <= 0x60FF && !t.isPrivate();
}

RuleBook::RuleBook(const Profile& profile, IodFamily family, const IdentifierSet& identifiers)
    : m_profile(profile), m_tables(*profile.tables), m_family(family), m_identifiers(identifiers) {
    m_unlistedDate.name = "date or time not listed in E.1-1";
    m_unlistedDate.basic = TableAction::XZ;
    m_unlistedDate.options[std::size_t(Option::RetainLongitudinalFullDates)] = TableAction::K;
    m_unlistedDate.options[std::size_t(Option::RetainLongitudinalModifiedDates)] = TableAction::C;
}

Decision RuleBook::decide(const ElementValue& e, Context context) const {
    const Tag t = e.path.leaf();
    if (auto d = fromOverride(e))
        return *d;
    if (t.element == 0x0000)
        return {t.group == 0x0002 ? TableAction::K : TableAction::X,
                "Veil: group length, recomputed when written"};
    if (t.group == 0x0002 && t.element != 0x0003)
        return fileMeta(e);
    if (t.isPrivate())
        return privateElement(e);
    if (auto d = fromContext(e, context))
        return *d;
    if (isOverlayGroup(t) && t.element != 0x3000 && t.element != 0x4000)
        return overlayMember(e);
    if (auto d = fromTable(e)) {
        // In cleaned structured content or graphics, free text is cleaned rather than replaced.
        if ((context == Context::StructuredClean || context == Context::GraphicsClean) &&
            isTextVr(e.vr) && (d->action == TableAction::D || d->action == TableAction::XD)) {
            d->action = TableAction::C;
            d->rule += "; cleaned inside cleaned content";
        }
        return *d;
    }
    return unlisted(e);
}

std::optional<Decision> RuleBook::fromOverride(const ElementValue& e) const {
    const Override* o = m_profile.findOverride(e);
    if (!o)
        return std::nullopt;
    Decision d;
    d.action = o->action;
    d.value = o->value;
    d.fromOverride = true;
    d.rule = "profile " + o->origin + ": " + toString(o->action) +
             (o->value ? " '" + *o->value + "'" : "");
    return d;
}

Decision RuleBook::withOptions(const TableRow& row, std::string rule) const {
    Decision d;
    d.action = row.basic;
    d.rule = std::move(rule);
    for (Option o : kPrecedence) {
        if (!m_profile.options.has(o))
            continue;
        if (const auto a = row.option(o)) {
            d.action = *a;
            d.option = o;
            d.rule += "; " + std::string(optionInfo(o).title) + ": " + toString(*a);
            break;
        }
    }
    d.structured = row.option(Option::CleanStructuredContent).has_value();
    return d;
}

std::optional<Decision> RuleBook::fromTable(const ElementValue& e) const {
    const TableRow* row = m_tables.find(e.path.leaf());
    if (!row)
        return std::nullopt;
    return withOptions(*row, "PS3.15 E.1-1 " + row->tag.toString() + " " + row->name + ": " +
                                 toString(row->basic));
}

std::optional<Decision> RuleBook::fromContext(const ElementValue& e, Context context) const {
    const Tag t = e.path.leaf();
    if (context == Context::StructuredDummy && t == kTextValue)
        return Decision{TableAction::D,
                        "Veil: text of a content item, replaced as its Content Sequence is (D; "
                        "Clean Structured Content not selected)"};
    if ((context == Context::StructuredClean || context == Context::GraphicsClean) &&
        (t == kTextValue || (context == Context::GraphicsClean && t == kUnformattedTextValue)))
        return Decision{TableAction::C,
                        std::string("Veil: text inside cleaned ") +
                            (context == Context::GraphicsClean ? "graphics (Clean Graphics)"
                                                               : "structured content (Clean "
                                                                 "Structured Content)") +
                            ": identifying values removed"};
    return std::nullopt;
}

Decision RuleBook::fileMeta(const ElementValue& e) const {
    if (kMetaRemoved.count(e.path.leaf().element))
        return {TableAction::X,
                "Veil: file meta names the sending system or its private data: removed"};
    return {TableAction::K, "Veil: file meta, rewritten by the writer"};
}

Decision RuleBook::privateElement(const ElementValue& e) const {
    const Tag t = e.path.leaf();
    const TableRow& row = m_tables.privateAttributes();
    Decision d =
        withOptions(row, "PS3.15 E.1-1 Private Attributes: " + std::string(toString(row.basic)));
    if (t.isPrivateCreator()) {
        d.action = TableAction::K; // decided once the block's elements are: see DeidPlanner
        d.rule = "private creator";
        return d;
    }
    if (d.action != TableAction::C)
        return d;
    if (const SafePrivateRow* safe = m_tables.findSafePrivate(t, e.privateCreator)) {
        d.action = TableAction::K;
        d.rule += "; in the Safe Private table (" + safe->source + "): " + safe->privateCreator +
                  " " + safe->meaning.substr(0, 60);
    } else {
        d.action = TableAction::X;
        d.rule += "; not in the Safe Private table: removed";
    }
    return d;
}

Decision RuleBook::overlayMember(const ElementValue& e) const {
    // An overlay whose data goes takes its whole group: rows, columns, description, label.
    ElementValue data = e;
    data.path.steps.back().tag = Tag(e.path.leaf().group, 0x3000);
    data.vr = "OW";
    Decision dataDecision = decide(data, Context::None);
    if (resolve(data, dataDecision) == TableAction::X)
        return {TableAction::X,
                "Veil: overlay group removed with its Overlay Data (" + dataDecision.rule + ")"};
    return unlisted(e);
}

Decision RuleBook::unlisted(const ElementValue& e) const {
    if (e.vr == "UI") {
        if (isClassUid(e))
            return {TableAction::K,
                    "Veil: not listed in E.1-1; names a kind of object, not an instance"};
        return {TableAction::U, "Veil: UID not listed in E.1-1, replaced like the table's UIDs"};
    }
    if (e.vr == "PN")
        return {TableAction::D,
                "Veil: person name not listed in E.1-1: a name is identifying wherever it is"};
    if (e.vr == "DA" || e.vr == "DT" || e.vr == "TM")
        return withOptions(m_unlistedDate,
                           "Veil: date/time not listed in E.1-1, handled like its date rows: X/Z");
    if (isTextVr(e.vr) && !e.value.empty() &&
        (!m_identifiers.findIn(e.value).empty() || !findIdentifyingPatterns(e.value).empty()))
        return {TableAction::C,
                "Veil: not listed in E.1-1, but its text holds identifying values: cleaned"};
    if (e.vr == "UN")
        return {TableAction::X,
                "Veil: unknown element of unknown VR: its contents cannot be judged"};
    return {TableAction::K, "not listed in PS3.15 E.1-1: kept"};
}

TableAction RuleBook::resolve(const ElementValue& e, Decision& d) const {
    const bool topLevel = e.path.steps.size() == 1;
    const AttributeType type =
        topLevel ? attributeType(m_family, e.keyword) : AttributeType::Unknown;
    TableAction a = d.action;
    if (isCompound(a)) {
        a = byType(a, type);
        d.rule += " → " + std::string(toString(a)) + " (" + typeName(type) +
                  (type == AttributeType::Unknown
                       ? ""
                       : std::string(" in ") + familyName(m_family) + " IODs") +
                  ")";
    }
    if (d.fromOverride || e.path.leaf().isPrivate())
        return a;
    if ((a == TableAction::X || a == TableAction::Z) && type == AttributeType::Type1) {
        d.rule += std::string(" → D: Type 1 in ") + familyName(m_family) +
                  " IODs, a dummy keeps the object valid";
        return TableAction::D;
    }
    if (a == TableAction::X && type == AttributeType::Type2) {
        d.rule += std::string(" → Z: Type 2 in ") + familyName(m_family) +
                  " IODs, kept present and empty";
        return TableAction::Z;
    }
    return a;
}

Context RuleBook::contextFor(const Decision& d, TableAction resolved, Context parent) const {
    if (resolved == TableAction::C && d.option == Option::CleanStructuredContent)
        return Context::StructuredClean;
    if (resolved == TableAction::C && d.option == Option::CleanGraphics)
        return Context::GraphicsClean;
    if (d.structured &&
        (resolved == TableAction::D || resolved == TableAction::K || resolved == TableAction::U))
        return Context::StructuredDummy;
    return parent;
}

} // namespace veil::planner
