#include "review/ReviewSession.h"

#include "common/Error.h"
#include "pixel/RedactionRegions.h"

#include <QCryptographicHash>
#include <QJsonArray>

namespace veil {

namespace {
QString q(const std::string& s) {
    return QString::fromStdString(s);
}

const char* originName(ReviewBox::Origin o) {
    switch (o) {
    case ReviewBox::Origin::Drawn:
        return "drawn";
    case ReviewBox::Origin::Finding:
        return "finding";
    case ReviewBox::Origin::Template:
        return "template";
    }
    return "drawn";
}

ReviewBox::Origin originFrom(const QString& s) {
    if (s == "finding")
        return ReviewBox::Origin::Finding;
    if (s == "template")
        return ReviewBox::Origin::Template;
    if (s == "drawn")
        return ReviewBox::Origin::Drawn;
    throw Error("review file: boxes[].origin \"" + s.toStdString() +
                "\" is not drawn, finding or template");
}

Decision decisionFrom(const QString& s) {
    if (s == "accepted")
        return Decision::Accepted;
    if (s == "rejected")
        return Decision::Rejected;
    if (s == "pending")
        return Decision::Pending;
    throw Error("review file: decisions value \"" + s.toStdString() +
                "\" is not accepted, rejected or pending");
}

int requireInt(const QJsonObject& o, const char* key, const char* where) {
    const QJsonValue v = o.value(key);
    if (!v.isDouble())
        throw Error(std::string("review file: ") + where + "." + key +
                    " is missing or not a number");
    return v.toInt();
}
} // namespace

const char* decisionName(Decision d) {
    switch (d) {
    case Decision::Pending:
        return "pending";
    case Decision::Accepted:
        return "accepted";
    case Decision::Rejected:
        return "rejected";
    }
    return "pending";
}

void ReviewSession::putBox(const ReviewBox& box) {
    m_boxes[box.id] = box;
}

bool ReviewSession::removeBox(const std::string& id) {
    return m_boxes.erase(id) > 0;
}

std::optional<ReviewBox> ReviewSession::box(const std::string& id) const {
    const auto it = m_boxes.find(id);
    return it == m_boxes.end() ? std::nullopt : std::optional<ReviewBox>(it->second);
}

std::vector<ReviewBox> ReviewSession::boxesFor(const std::string& uid, int frame) const {
    std::vector<ReviewBox> out;
    for (const auto& [id, b] : m_boxes)
        if (b.sopInstanceUid == uid && (b.frame == -1 || b.frame == frame))
            out.push_back(b);
    return out;
}

std::vector<ReviewBox> ReviewSession::boxesFor(const std::string& uid) const {
    std::vector<ReviewBox> out;
    for (const auto& [id, b] : m_boxes)
        if (b.sopInstanceUid == uid)
            out.push_back(b);
    return out;
}

std::string ReviewSession::newBoxId() {
    std::string id;
    do
        id = "box-" + std::to_string(m_nextBox++);
    while (m_boxes.count(id));
    return id;
}

void ReviewSession::setDecision(const std::string& id, Decision d) {
    if (d == Decision::Pending)
        m_decisions.erase(id);
    else
        m_decisions[id] = d;
}

Decision ReviewSession::decision(const std::string& id) const {
    const auto it = m_decisions.find(id);
    return it == m_decisions.end() ? Decision::Pending : it->second;
}

void ReviewSession::markFrameSeen(const std::string& uid, int frame) {
    m_instances[uid].framesSeen.insert(frame);
}

void ReviewSession::setReviewed(const std::string& uid, bool reviewed, const std::string& by,
                                const std::string& bulkReason) {
    InstanceReview& r = m_instances[uid];
    r.reviewed = reviewed;
    r.reviewedBy = reviewed ? by : std::string();
    r.bulkReason = reviewed ? bulkReason : std::string();
}

InstanceReview ReviewSession::instance(const std::string& uid) const {
    const auto it = m_instances.find(uid);
    return it == m_instances.end() ? InstanceReview{} : it->second;
}

QJsonObject ReviewSession::toJson() const {
    QJsonArray boxes;
    for (const auto& [id, b] : m_boxes) {
        QJsonObject box{{"id", q(b.id)},
                        {kBoxInstanceKey, q(b.sopInstanceUid)},
                        {"frame", frameToJson(b.frame)},
                        {"x", b.x},
                        {"y", b.y},
                        {"w", b.w},
                        {"h", b.h},
                        {"origin", originName(b.origin)},
                        {"findingId", q(b.findingId)}};
        if (b.overlayGroup) // optional key: files without overlay findings stay as they were
            box.insert("overlayGroup", b.overlayGroup);
        boxes.append(box);
    }
    QJsonObject decisions;
    for (const auto& [id, d] : m_decisions)
        decisions.insert(q(id), decisionName(d));
    QJsonObject instances;
    for (const auto& [uid, r] : m_instances) {
        QJsonArray seen;
        for (int f : r.framesSeen)
            seen.append(f);
        instances.insert(q(uid), QJsonObject{{"reviewed", r.reviewed},
                                             {"reviewedBy", q(r.reviewedBy)},
                                             {"bulkReason", q(r.bulkReason)},
                                             {"framesSeen", seen}});
    }
    QJsonArray options;
    for (const std::string& o : m_profile.options)
        options.append(q(o));
    QJsonObject json{{"format", "veil-review"},
                     {"version", 1},
                     {"boxes", boxes},
                     {"decisions", decisions},
                     {"instances", instances},
                     {"profile", QJsonObject{{"level", levelName(m_profile.level)},
                                             {"options", options},
                                             {"overrides", m_profile.overrides}}},
                     {"nextBox", m_nextBox}};
    // Optional key (format version 1 still): files without sign-offs stay as they were.
    if (!m_signOffs.empty()) {
        QJsonArray signOffs;
        for (const SignOff& so : m_signOffs)
            signOffs.append(so.toJson());
        json.insert("signOffs", signOffs);
    }
    return json;
}

ReviewSession ReviewSession::fromJson(const QJsonObject& json) {
    if (json.value("format").toString() != "veil-review")
        throw Error("review file: \"format\" is not \"veil-review\"");
    if (json.value("version").toInt() != 1)
        throw Error("review file: \"version\" " + std::to_string(json.value("version").toInt()) +
                    " is not supported (expected 1)");
    ReviewSession s;
    for (const QJsonValue& v : json.value("boxes").toArray()) {
        const QJsonObject o = v.toObject();
        ReviewBox b;
        b.id = o.value("id").toString().toStdString();
        if (b.id.empty())
            throw Error("review file: boxes[].id is missing");
        b.sopInstanceUid = o.value(kBoxInstanceKey).toString().toStdString();
        const std::optional<int> frame = frameFromJson(o.value("frame"));
        if (!frame)
            throw Error("review file: boxes[].frame is missing or neither a 0-based frame "
                        "number nor \"all\"");
        b.frame = *frame;
        b.x = requireInt(o, "x", "boxes[]");
        b.y = requireInt(o, "y", "boxes[]");
        b.w = requireInt(o, "w", "boxes[]");
        b.h = requireInt(o, "h", "boxes[]");
        b.origin = originFrom(o.value("origin").toString());
        b.findingId = o.value("findingId").toString().toStdString();
        b.overlayGroup = o.value("overlayGroup").toInt(0);
        if (b.overlayGroup &&
            (b.overlayGroup < 0x6000 || b.overlayGroup > 0x601E || (b.overlayGroup & 1)))
            throw Error("review file: boxes[].overlayGroup " + std::to_string(b.overlayGroup) +
                        " is not an overlay group (6000..601E, even)");
        s.m_boxes[b.id] = b;
    }
    const QJsonObject decisions = json.value("decisions").toObject();
    for (auto it = decisions.begin(); it != decisions.end(); ++it)
        s.m_decisions[it.key().toStdString()] = decisionFrom(it.value().toString());
    const QJsonObject instances = json.value("instances").toObject();
    for (auto it = instances.begin(); it != instances.end(); ++it) {
        const QJsonObject o = it.value().toObject();
        InstanceReview r;
        r.reviewed = o.value("reviewed").toBool();
        r.reviewedBy = o.value("reviewedBy").toString().toStdString();
        r.bulkReason = o.value("bulkReason").toString().toStdString();
        for (const QJsonValue& f : o.value("framesSeen").toArray())
            r.framesSeen.insert(f.toInt());
        s.m_instances[it.key().toStdString()] = r;
    }
    const QJsonObject p = json.value("profile").toObject();
    const std::string level = p.value("level").toString("publication").toStdString();
    const std::optional<ReleaseLevel> parsed = levelFromName(level);
    if (!parsed)
        throw Error("review file: profile.level \"" + level + "\" is not publication or limited");
    s.m_profile.level = *parsed;
    for (const QJsonValue& o : p.value("options").toArray())
        s.m_profile.options.push_back(o.toString().toStdString());
    s.m_profile.overrides = p.value("overrides").toObject();
    s.m_nextBox = std::max(1, json.value("nextBox").toInt(1));
    if (json.contains("signOffs") && !json.value("signOffs").isArray())
        throw Error("review file: signOffs is not a list");
    const QJsonArray signOffs = json.value("signOffs").toArray();
    for (qsizetype i = 0; i < signOffs.size(); ++i) {
        try {
            s.m_signOffs.push_back(SignOff::fromJson(signOffs[i].toObject()));
        } catch (const Error& e) {
            throw Error("review file: signOffs[" + std::to_string(i) + "]: " + e.what());
        }
    }
    return s;
}

std::string findingId(const std::string& uid, int frame, int x, int y, int w, int h,
                      const std::string& text) {
    const QByteArray key = QString("%1|%2|%3,%4,%5,%6|%7")
                               .arg(q(uid))
                               .arg(frame)
                               .arg(x)
                               .arg(y)
                               .arg(w)
                               .arg(h)
                               .arg(q(text))
                               .toUtf8();
    return QCryptographicHash::hash(key, QCryptographicHash::Sha256).toHex().left(16).toStdString();
}

} // namespace veil
