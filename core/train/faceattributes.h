#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/util/result.h"

namespace latent::train {

// What one procedural cartoon face looks like (renderFaces in core/train/faces.h draws it). Every
// field is a float so a face is a point in a continuous space: categorical fields are an index
// (drawn as whole numbers; a fraction blends the two neighbours: a hair style half-way between
// short and long, a colour between two palette entries) or 0/1. The defaults are one ordinary face.
// A plain value, torch-free: safe to copy across threads and to use in the ui.
struct FaceAttributes {
    float faceWidth = 0.5f;      // 0 narrow … 1 wide
    float faceShape = 0.5f;      // 0 round … 1 long with a square jaw and a narrower chin
    float skinTone = 0.3f;       // 0 lightest … 1 darkest
    float hairStyle = 1;         // 0 bald, 1 short, 2 long, 3 bob, 4 curly, 5 bun
    float hairColor = 1;         // 0 black, 1 dark brown, 2 brown, 3 auburn, 4 blond, 5 grey,
                                 // 6 pink, 7 blue, 8 purple, 9 green
    float eyeSize = 0.5f;        // 0 small … 1 large
    float eyeOpenness = 1;       // 0 closed … 1 wide open
    float eyeColor = 0;          // 0 brown, 1 dark brown, 2 hazel, 3 green, 4 blue, 5 grey
    float browThickness = 0.5f;  // 0 thin … 1 thick
    float browRaise = 0;         // -1 lowered … 1 raised
    float browAngle = 0;         // -1 inner ends down (cross) … 1 inner ends up (worried)
    float mouthSmile = 0.5f;     // -1 frown … 1 broad smile
    float mouthOpen = 0;         // 0 closed … 1 wide open (teeth and tongue show)
    float glasses = 0;           // 0 none, 1 glasses (a fraction fades them in)
    float beard = 0;             // 0 none … 1 full beard and moustache (less is lighter)
    float headTilt = 0;  // degrees, -15 … 15; positive leans the head to the image's right
    float backgroundHue = 0.55f;  // 0 … 1 around the colour wheel (soft pastel)
    float shirtHue = 0.6f;        // 0 … 1 around the colour wheel

    bool operator==(const FaceAttributes& o) const;
    bool operator!=(const FaceAttributes& o) const { return !(*this == o); }
};

// The fields' names in snake_case ("face_width", …, "shirt_hue"), in declaration order: the column
// order of labels.csv, of faceAttributesToVector and of an attribute regressor's outputs.
const std::vector<std::string>& faceAttributeNames();

// Each field's valid range, in the order of faceAttributeNames().
struct FaceAttributeRange {
    float min = 0;
    float max = 1;
    bool wraps = false;  // a hue: max is the same as min, so 0.95 is as near 0.05 as 0.15 is
};
const std::vector<FaceAttributeRange>& faceAttributeRanges();

// The names of a categorical attribute's values in index order ("bald", "short", … for
// hair_style; hair_color and eye_color likewise); empty for the continuous attributes and for
// attribute indices out of range.
const std::vector<std::string>& faceAttributeCategories(std::size_t attribute);

// The fields in the order of faceAttributeNames().
std::vector<float> faceAttributesToVector(const FaceAttributes& face);
// The inverse; an Error (one line, naming the field) for a wrong count, a value that is not a
// number or one outside its range.
Result<FaceAttributes> faceAttributesFromVector(const std::vector<float>& values);

// Face number `index` of the population drawn with `seed`: a pure function of (seed, index), the
// same on every machine and standard library (a counter-based hash, splitmix64, of seed, index
// and field; no RNG state, no libm). Thread-safe. The population is varied and mostly cheerful:
// smiles outnumber frowns four to one, about a quarter wear glasses, a fifth have a beard, the
// tilt stays within ±12 degrees, and hair styles and colours follow natural frequencies with a
// few fun colours.
FaceAttributes faceAttributes(std::uint64_t index, std::uint64_t seed = 0);
// Faces first … first + count - 1 of that population.
std::vector<FaceAttributes> faceAttributesRange(std::uint64_t first, std::size_t count,
                                                std::uint64_t seed = 0);

}  // namespace latent::train
