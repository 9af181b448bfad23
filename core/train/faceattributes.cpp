#include "core/train/faceattributes.h"

#include <array>
#include <cmath>
#include <cstdio>

// Built with -ffp-contract=off (core/CMakeLists.txt): a multiply feeding an add is never fused,
// so the drawn values are the same bits on machines with and without FMA.

namespace latent::train {
namespace {

struct Field {
    const char* name;
    float FaceAttributes::*member;
    FaceAttributeRange range;
};

// The one list of fields: names, order and ranges.
const std::array<Field, 18>& fields() {
    static const std::array<Field, 18> table = {{
        {"face_width", &FaceAttributes::faceWidth, {0, 1}},
        {"face_shape", &FaceAttributes::faceShape, {0, 1}},
        {"skin_tone", &FaceAttributes::skinTone, {0, 1}},
        {"hair_style", &FaceAttributes::hairStyle, {0, 5}},
        {"hair_color", &FaceAttributes::hairColor, {0, 9}},
        {"eye_size", &FaceAttributes::eyeSize, {0, 1}},
        {"eye_openness", &FaceAttributes::eyeOpenness, {0, 1}},
        {"eye_color", &FaceAttributes::eyeColor, {0, 5}},
        {"brow_thickness", &FaceAttributes::browThickness, {0, 1}},
        {"brow_raise", &FaceAttributes::browRaise, {-1, 1}},
        {"brow_angle", &FaceAttributes::browAngle, {-1, 1}},
        {"mouth_smile", &FaceAttributes::mouthSmile, {-1, 1}},
        {"mouth_open", &FaceAttributes::mouthOpen, {0, 1}},
        {"glasses", &FaceAttributes::glasses, {0, 1}},
        {"beard", &FaceAttributes::beard, {0, 1}},
        {"head_tilt", &FaceAttributes::headTilt, {-15, 15}},
        {"background_hue", &FaceAttributes::backgroundHue, {0, 1, true}},
        {"shirt_hue", &FaceAttributes::shirtHue, {0, 1, true}},
    }};
    return table;
}

std::uint64_t splitmix64(std::uint64_t x) {
    std::uint64_t z = x + 0x9E3779B97F4A7C15ull;
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

// Uniform draws in [0, 1) for one face: draw k of field f is a hash of (seed, index, f, k), so
// adding a draw to one field never shifts another field's values.
class Draws {
public:
    Draws(std::uint64_t index, std::uint64_t seed)
        : m_base(splitmix64(splitmix64(seed ^ 0x6c61746e66616365ull) ^ index)) {}

    float uniform(int field, int k = 0) const {
        const std::uint64_t h = splitmix64(
            m_base ^ ((static_cast<std::uint64_t>(field) << 8) | static_cast<unsigned>(k)));
        return static_cast<float>(h >> 40) * (1.0f / 16777216.0f);  // 24 bits: exact in a float
    }
    // Mean of two draws: a triangular distribution on [0, 1), most faces near the middle.
    float middling(int field) const { return (uniform(field, 0) + uniform(field, 1)) * 0.5f; }
    // An index drawn with the given relative weights.
    template <std::size_t N>
    float pick(int field, const std::array<float, N>& weights) const {
        float total = 0;
        for (float w : weights) total += w;
        const float u = uniform(field) * total;
        float sum = 0;
        for (std::size_t i = 0; i < N; ++i) {
            sum += weights[i];
            if (u < sum) return static_cast<float>(i);
        }
        return static_cast<float>(N - 1);
    }

private:
    std::uint64_t m_base;
};

// Each field's key in the hash of its draws (its position in the table above).
enum FieldIndex {
    kFaceWidth,
    kFaceShape,
    kSkinTone,
    kHairStyle,
    kHairColor,
    kEyeSize,
    kEyeOpenness,
    kEyeColor,
    kBrowThickness,
    kBrowRaise,
    kBrowAngle,
    kMouthSmile,
    kMouthOpen,
    kGlasses,
    kBeard,
    kHeadTilt,
    kBackgroundHue,
    kShirtHue
};

}  // namespace

bool FaceAttributes::operator==(const FaceAttributes& o) const {
    for (const Field& f : fields()) {
        if (this->*f.member != o.*f.member) return false;
    }
    return true;
}

const std::vector<std::string>& faceAttributeNames() {
    static const std::vector<std::string> names = [] {
        std::vector<std::string> n;
        for (const Field& f : fields()) n.emplace_back(f.name);
        return n;
    }();
    return names;
}

const std::vector<FaceAttributeRange>& faceAttributeRanges() {
    static const std::vector<FaceAttributeRange> ranges = [] {
        std::vector<FaceAttributeRange> r;
        for (const Field& f : fields()) r.push_back(f.range);
        return r;
    }();
    return ranges;
}

const std::vector<std::string>& faceAttributeCategories(std::size_t attribute) {
    static const std::vector<std::string> none;
    static const std::vector<std::string> hairStyles = {"bald", "short", "long",
                                                        "bob",  "curly", "bun"};
    static const std::vector<std::string> hairColors = {"black", "dark brown", "brown", "auburn",
                                                        "blond", "grey",       "pink",  "blue",
                                                        "purple", "green"};
    static const std::vector<std::string> eyeColors = {"brown", "dark brown", "hazel",
                                                       "green", "blue",       "grey"};
    switch (attribute) {
        case kHairStyle: return hairStyles;
        case kHairColor: return hairColors;
        case kEyeColor: return eyeColors;
        default: return none;
    }
}

std::vector<float> faceAttributesToVector(const FaceAttributes& face) {
    std::vector<float> values;
    values.reserve(fields().size());
    for (const Field& f : fields()) values.push_back(face.*f.member);
    return values;
}

Result<FaceAttributes> faceAttributesFromVector(const std::vector<float>& values) {
    if (values.size() != fields().size())
        return Error{"expected " + std::to_string(fields().size()) +
                     " face attribute values, got " + std::to_string(values.size())};
    FaceAttributes face;
    for (std::size_t i = 0; i < values.size(); ++i) {
        const Field& f = fields()[i];
        const float v = values[i];
        if (!(v >= f.range.min && v <= f.range.max)) {  // also refuses NaN
            char text[160];
            std::snprintf(text, sizeof text, "%s must be between %g and %g, got %g", f.name,
                          static_cast<double>(f.range.min), static_cast<double>(f.range.max),
                          static_cast<double>(v));
            return Error{text};
        }
        face.*f.member = v;
    }
    return face;
}

FaceAttributes faceAttributes(std::uint64_t index, std::uint64_t seed) {
    const Draws d(index, seed);
    FaceAttributes f;
    f.faceWidth = d.middling(kFaceWidth);
    f.faceShape = d.middling(kFaceShape);
    f.skinTone = d.uniform(kSkinTone);
    //                          bald short long bob curly bun
    f.hairStyle = d.pick(kHairStyle, std::array<float, 6>{8, 26, 22, 16, 14, 14});
    //                          black dkbrown brown auburn blond grey pink blue purple green
    f.hairColor = d.pick(kHairColor, std::array<float, 10>{14, 16, 16, 10, 12, 8, 5, 5, 4, 4});
    f.eyeSize = d.middling(kEyeSize);
    // Mostly open; one face in seven sleepy or closed.
    const float open = d.uniform(kEyeOpenness, 1);
    f.eyeOpenness = d.uniform(kEyeOpenness) < 0.85f ? 0.6f + 0.4f * open : 0.05f + 0.55f * open;
    //                        brown dark hazel green blue grey
    f.eyeColor = d.pick(kEyeColor, std::array<float, 6>{30, 20, 15, 15, 15, 5});
    f.browThickness = d.uniform(kBrowThickness);
    f.browRaise = d.uniform(kBrowRaise, 0) + d.uniform(kBrowRaise, 1) - 1.0f;
    f.browAngle = d.uniform(kBrowAngle, 0) + d.uniform(kBrowAngle, 1) - 1.0f;
    // Four smiles to one frown or straight face.
    const float smile = d.uniform(kMouthSmile, 1);
    f.mouthSmile = d.uniform(kMouthSmile) < 0.8f ? 0.1f + 0.9f * smile : -1.0f + 1.1f * smile;
    f.mouthOpen = d.uniform(kMouthOpen) < 0.6f ? 0.0f : 0.15f + 0.85f * d.uniform(kMouthOpen, 1);
    f.glasses = d.uniform(kGlasses) < 0.25f ? 1.0f : 0.0f;
    f.beard = d.uniform(kBeard) < 0.2f ? 0.4f + 0.6f * d.uniform(kBeard, 1) : 0.0f;
    // Sum of three draws: mostly upright, now and then up to ±12 degrees.
    f.headTilt =
        (d.uniform(kHeadTilt, 0) + d.uniform(kHeadTilt, 1) + d.uniform(kHeadTilt, 2) - 1.5f) * 8.0f;
    f.backgroundHue = d.uniform(kBackgroundHue);
    f.shirtHue = d.uniform(kShirtHue);
    return f;
}

std::vector<FaceAttributes> faceAttributesRange(std::uint64_t first, std::size_t count,
                                                std::uint64_t seed) {
    std::vector<FaceAttributes> faces;
    faces.reserve(count);
    for (std::size_t i = 0; i < count; ++i) faces.push_back(faceAttributes(first + i, seed));
    return faces;
}

}  // namespace latent::train
