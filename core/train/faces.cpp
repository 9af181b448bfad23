#include "core/train/faces.h"

#include <algorithm>
#include <array>
#include <cmath>

#include "core/train/facesdf.h"

namespace latent::train {
namespace {

using namespace facedraw;
namespace F = torch::nn::functional;

using Rgb = std::array<float, 3>;

// Palettes, indexed by the attributes (a fraction blends two neighbours).
constexpr Rgb kSkin[] = {{1.00f, 0.87f, 0.78f},
                         {0.98f, 0.78f, 0.64f},
                         {0.87f, 0.64f, 0.47f},
                         {0.69f, 0.47f, 0.32f},
                         {0.45f, 0.30f, 0.20f}};
constexpr Rgb kHair[] = {{0.10f, 0.08f, 0.08f}, {0.30f, 0.18f, 0.10f}, {0.52f, 0.32f, 0.17f},
                         {0.72f, 0.34f, 0.15f}, {0.93f, 0.78f, 0.45f}, {0.80f, 0.80f, 0.82f},
                         {0.95f, 0.50f, 0.68f}, {0.30f, 0.55f, 0.90f}, {0.55f, 0.38f, 0.85f},
                         {0.30f, 0.72f, 0.55f}};
constexpr Rgb kIris[] = {{0.42f, 0.26f, 0.13f}, {0.22f, 0.13f, 0.07f}, {0.55f, 0.45f, 0.20f},
                         {0.30f, 0.55f, 0.30f}, {0.28f, 0.52f, 0.82f}, {0.50f, 0.56f, 0.62f}};

template <std::size_t N>
Rgb blend(const Rgb (&palette)[N], float t) {
    const float at = std::clamp(t, 0.0f, static_cast<float>(N - 1));
    const auto i = std::min(static_cast<std::size_t>(at), N - 2);
    const float f = at - static_cast<float>(i);
    Rgb c;
    for (int k = 0; k < 3; ++k) c[k] = palette[i][k] * (1 - f) + palette[i + 1][k] * f;
    return c;
}

// Hue in [0, 1) with saturation and value, as RGB.
Rgb hsv(float hue, float saturation, float value) {
    Rgb c;
    const float n[3] = {5, 3, 1};
    for (int k = 0; k < 3; ++k) {
        const float m = std::fmod(n[k] + hue * 6.0f, 6.0f);
        c[k] = value - value * saturation * std::clamp(std::min(m, 4.0f - m), 0.0f, 1.0f);
    }
    return c;
}

// Every face's attributes, clamped to their ranges (not-a-number: the default).
std::vector<FaceAttributes> sanitised(const std::vector<FaceAttributes>& faces) {
    const std::vector<float> fallback = faceAttributesToVector(FaceAttributes{});
    const auto& ranges = faceAttributeRanges();
    std::vector<FaceAttributes> out;
    out.reserve(faces.size());
    for (const FaceAttributes& face : faces) {
        std::vector<float> v = faceAttributesToVector(face);
        for (std::size_t i = 0; i < v.size(); ++i)
            v[i] = std::isnan(v[i]) ? fallback[i] : std::clamp(v[i], ranges[i].min, ranges[i].max);
        out.push_back(*faceAttributesFromVector(v));
    }
    return out;
}

// The per-face numbers the shapes use, as N x 1 x 1 tensors, and the colours as N x 3 x 1 x 1.
struct Faces {
    std::int64_t count = 0;
    HeadShape head;
    std::vector<float> style, tilt;
    Tensor width, shape, eyeX, eyeRx, eyeRy, iris, mouthY, smile, open, beard, glasses;
    Tensor browY, browThickness, browAngle;
    Tensor skin, hair, irisColour, shirt, background;
};

Faces describe(const std::vector<FaceAttributes>& attributes) {
    Faces f;
    f.count = static_cast<std::int64_t>(attributes.size());
    std::vector<float> width, shape, a, b, top, eyeX, eyeRx, eyeRy, mouthY, smile, open, beard,
        glasses, browY, browThickness, browAngle;
    std::vector<float> skin, hair, iris, shirt, background;
    auto append = [](std::vector<float>& to, const Rgb& c) {
        to.insert(to.end(), c.begin(), c.end());
    };
    for (const FaceAttributes& p : attributes) {
        width.push_back(p.faceWidth);
        shape.push_back(p.faceShape);
        a.push_back(0.33f + 0.09f * p.faceWidth);
        b.push_back(a.back() + 0.05f + 0.13f * p.faceShape);
        top.push_back(static_cast<float>(kFaceY) - b.back());
        eyeX.push_back(0.1f + 0.2f * a.back());
        eyeRx.push_back(0.062f + 0.035f * p.eyeSize);
        eyeRy.push_back(eyeRx.back() * (0.1f + 0.9f * p.eyeOpenness) * 0.9f);
        mouthY.push_back(static_cast<float>(kFaceY) + 0.58f * b.back());
        smile.push_back(p.mouthSmile);
        open.push_back(p.mouthOpen);
        beard.push_back(p.beard);
        glasses.push_back(p.glasses);
        browY.push_back(static_cast<float>(kFaceY) - 0.07f - 0.9f * eyeRx.back() -
                        0.04f * p.browRaise);
        browThickness.push_back(0.01f + 0.016f * p.browThickness);
        browAngle.push_back(p.browAngle);
        f.style.push_back(p.hairStyle);
        f.tilt.push_back(p.headTilt);
        append(skin, blend(kSkin, p.skinTone * 4));
        append(hair, blend(kHair, p.hairColor));
        append(iris, blend(kIris, p.eyeColor));
        append(shirt, hsv(p.shirtHue, 0.45f, 0.75f));
        append(background, hsv(p.backgroundHue, 0.28f, 0.93f));
    }
    f.head = {perFace(a), perFace(b), perFace(top), perFace(width)};
    f.width = f.head.width;
    f.shape = perFace(shape);
    f.eyeX = perFace(eyeX);
    f.eyeRx = perFace(eyeRx);
    f.eyeRy = perFace(eyeRy);
    f.iris = f.eyeRx * 0.6;
    f.mouthY = perFace(mouthY);
    f.smile = perFace(smile);
    f.open = perFace(open);
    f.beard = perFace(beard);
    f.glasses = perFace(glasses);
    f.browY = perFace(browY);
    f.browThickness = perFace(browThickness);
    f.browAngle = perFace(browAngle);
    f.skin = colours(skin);
    f.hair = colours(hair);
    f.irisColour = colours(iris);
    f.shirt = colours(shirt);
    f.background = colours(background);
    return f;
}

// The face outline: an ellipse whose lower half narrows towards the chin as the shape gets longer.
Tensor faceOutline(const Faces& f, const Region& r) {
    const Tensor &a = f.head.a, &b = f.head.b;
    const Tensor chin = (r.y - kFaceY).clamp_min(0) * f.shape * 0.35 / b + 1;
    return unite(ellipse(r.x * chin, r.y, 0.0, kFaceY, a, b),
                 ellipse(r.x, r.y, 0.0, kFaceY - 0.04, a, b * 0.9));
}

void drawHead(Layer& layer, const Faces& f, int res) {
    const Tensor& a = f.head.a;
    const double ey = kFaceY;  // eye line
    // Hair behind the head, neck, ears, face.
    Region r = region(res, -1, 1, -1, 0.86);
    layer.paint(r, hairShape(f.head, f.style, r, HairPart::Back), f.hair * 0.82);
    r = region(res, -0.25, 0.25, 0.25, 0.86);
    const Tensor neckHalf = f.width * 0.05 + 0.16;
    layer.paint(r, roundBox(r.x, r.y, 0.0, 0.55, neckHalf, 0.28, neckHalf), f.skin * 0.86);
    r = region(res, -0.52, 0.52, -0.1, 0.18);
    layer.paint(r, ellipse(r.ax, r.y, a * 0.97, ey + 0.06, 0.07, 0.1), f.skin * 0.95);
    layer.paint(r, ellipse(r.ax, r.y, a * 0.97 + 0.01, ey + 0.06, 0.035, 0.06), f.skin * 0.8);
    r = region(res, -0.46, 0.46, -0.66, 0.62);
    layer.paint(r, faceOutline(f, r), f.skin);
    // Blush and nose, with soft edges.
    r = region(res, -0.36, 0.36, 0.04, 0.27);
    layer.paint(r, ellipse(r.ax, r.y, f.eyeX + 0.03, ey + 0.17, 0.065, 0.04),
                colour(0.95f, 0.45f, 0.45f), torch::full({1, 1, 1}, 0.35f), 0.05);
    r = region(res, -0.08, 0.08, 0.07, 0.17);
    layer.paint(r, ellipse(r.x, r.y, 0.0, ey + 0.14, 0.045, 0.032), f.skin * 0.8,
                torch::full({1, 1, 1}, 0.8f), 0.02);
    layer.paint(r, ellipse(r.x, r.y, -0.012, ey + 0.128, 0.015, 0.01), colour(1, 1, 1),
                torch::full({1, 1, 1}, 0.3f), 0.02);
}

void drawEyes(Layer& layer, const Faces& f, int res) {
    const double ey = kFaceY;
    const Region r = region(res, -0.31, 0.31, -0.14, 0.1);
    const Tensor &x = r.x, &ax = r.ax, &y = r.y;
    const Tensor eye = ellipse(ax, y, f.eyeX, ey, f.eyeRx, f.eyeRy);
    const Tensor dark = colour(0.12f, 0.08f, 0.08f);
    // Lash line (heavier on the upper lid), white, iris, pupil, a highlight from the upper right.
    layer.paint(r, eye - 0.012 - (y < ey).to(torch::kFloat32) * 0.006, dark);
    layer.paint(r, eye, colour(0.98f, 0.98f, 0.97f));
    layer.paint(r, intersect(circle(ax, y, f.eyeX, ey + 0.004, f.iris), eye), f.irisColour);
    layer.paint(r, intersect(circle(ax, y, f.eyeX, ey + 0.004, f.iris * 0.5), eye), dark * 0.5);
    const Tensor glintX = torch::where(x > 0, f.eyeX, -f.eyeX) + f.iris * 0.35;
    layer.paint(r, intersect(circle(x, y, glintX, ey - f.iris * 0.3, f.iris * 0.28), eye),
                colour(1, 1, 1), torch::full({1, 1, 1}, 0.9f));
}

void drawBeard(Layer& layer, const Faces& f, int res) {
    const Region r = region(res, -0.5, 0.5, 0.05, 0.68);
    const Tensor &x = r.x, &ax = r.ax, &y = r.y;
    const Tensor& my = f.mouthY;
    // The face below a line from ear to ear, a little past the jaw, with room for the mouth.
    const Tensor side = (ax / f.head.a).clamp_max_(1);
    const Tensor beardLine = (1 - side * side) * 0.12 + (kFaceY + 0.1);
    const Tensor jaw = faceOutline(f, r) - 0.02 - f.beard * (y > kFaceY).to(torch::kFloat32) * 0.05;
    Tensor beard = intersect(jaw, beardLine - y);
    beard = intersect(beard, -ellipse(x, y, 0.0, my + 0.005, 0.14, 0.06));
    const Tensor moustache = intersect(ellipse(x, y, 0.0, my - 0.045, 0.16, 0.035),
                                       -ellipse(x, y, 0.0, my + 0.01, 0.2, 0.04));
    layer.paint(r, unite(beard, moustache), f.hair * 0.8, (f.beard * 1.6).clamp_max_(1));
}

void drawMouth(Layer& layer, const Faces& f, int res) {
    const Region r = region(res, -0.16, 0.16, 0.12, 0.5);
    const Tensor &x = r.x, &ax = r.ax, &y = r.y;
    const Tensor halfWidth = f.width * 0.02 + 0.11;
    const Tensor u2 = (x / halfWidth).square_().clamp_max_(1);
    // Centre line bends down at the middle for a smile, up for a frown; opening drops the lower
    // lip.
    const Tensor middle = f.mouthY + f.smile * (0.5 - u2) * 0.045;
    const Tensor lower = middle + f.open * (1 - u2).sqrt_() * 0.12;
    const Tensor upper = middle - f.open * (1 - u2) * 0.015;
    const Tensor inside = intersect(intersect(upper - y, y - lower), ax - halfWidth);
    layer.paint(r, inside - 0.012, colour(0.45f, 0.15f, 0.15f));
    layer.paint(r, inside, colour(0.3f, 0.06f, 0.08f));
    layer.paint(r, intersect(inside, y - (upper + 0.03)), colour(0.97f, 0.96f, 0.93f));
    layer.paint(r, intersect(inside, ellipse(x, y, 0.0, lower, halfWidth * 0.6, 0.04)),
                colour(0.9f, 0.4f, 0.45f));
}

void drawBrows(Layer& layer, const Faces& f, int res) {
    const Region r = region(res, -0.33, 0.33, -0.28, -0.01);
    constexpr double halfLength = 0.085;
    // u runs from -1 at the inner end to 1 at the outer end of each brow.
    const Tensor u = (r.ax - f.eyeX) / halfLength;
    const Tensor centre = f.browY + u * u * 0.025 + f.browAngle * u * 0.0175;
    const Tensor half = f.browThickness * (1 - u.clamp(-1, 1) * 0.3);  // tapering outwards
    const Tensor across = (r.y - centre).abs_() - half;
    const Tensor along = (u.abs() - 1) * halfLength;
    const Tensor brow =
        length(across.clamp_min(0), along.clamp_min(0)) + intersect(across, along).clamp_max_(0);
    layer.paint(r, brow - 0.004, f.hair * 0.7);
}

void drawGlasses(Layer& layer, const Faces& f, int res) {
    const double ey = kFaceY;
    const Region r = region(res, -0.5, 0.5, -0.12, 0.08);
    const Tensor &x = r.x, &ax = r.ax, &y = r.y;
    const Tensor& a = f.head.a;
    const Tensor lens = roundBox(ax, y, f.eyeX, ey, 0.11, 0.08, 0.06);
    const Tensor bridge = roundBox(x, y, 0.0, ey - 0.02, f.eyeX - 0.1, 0.01, 0.01);
    const Tensor arm =
        roundBox(ax, y, (f.eyeX + a) * 0.5 + 0.06, ey - 0.03, (a - f.eyeX) * 0.5, 0.008, 0.008);
    const Tensor frame = unite(unite(lens.abs() - 0.012, bridge), arm);
    layer.paint(r, lens, colour(1, 1, 1), f.glasses * 0.08);
    layer.paint(r, frame, colour(0.12f, 0.1f, 0.12f), f.glasses);
}

// The head layer as N x 4 x R x R (premultiplied RGB, alpha), each face turned by its tilt about
// the neck. Turning the finished layer (bilinear) instead of every shape's coordinates keeps the
// coordinates separable and each feature's rectangle upright; untilted faces are left untouched.
Tensor tilted(Layer& layer, const Faces& f, int res) {
    Tensor rgba = layer.finish();
    std::vector<std::int64_t> faces;
    std::vector<float> cosines, sines;
    for (std::int64_t i = 0; i < f.count; ++i) {
        const double radians = f.tilt[static_cast<std::size_t>(i)] * (3.14159265358979323846 / 180);
        if (radians == 0) continue;
        faces.push_back(i);
        cosines.push_back(static_cast<float>(std::cos(radians)));
        sines.push_back(static_cast<float>(std::sin(radians)));
    }
    if (faces.empty()) return rgba;
    // Where each output pixel reads from, in grid_sample's [-1, 1] picture coordinates: the
    // inverse rotation about the pivot (0, py).
    const double py = (0.5 - kOffsetY) / kZoom;
    const Tensor c = perFace(cosines), s = perFace(sines);
    const Tensor p = (torch::arange(res, torch::kFloat32) * 2 + 1) / res - 1;
    const Tensor px = p.view({1, 1, res}), pyy = p.view({1, res, 1});
    const Tensor gx = c * px + s * (pyy - py);
    const Tensor gy = c * (pyy - py) - s * px + py;
    const Tensor grid = torch::stack({gx, gy}, 3);
    const Tensor index = torch::tensor(faces, torch::kLong);
    const Tensor turned = F::grid_sample(rgba.index_select(0, index), grid,
                                         F::GridSampleFuncOptions()
                                             .mode(torch::kBilinear)
                                             .padding_mode(torch::kZeros)
                                             .align_corners(false));
    return rgba.index_copy_(0, index, turned);
}

// Draws a few faces (all attributes in range).
Tensor renderChunk(const std::vector<FaceAttributes>& faces, int res) {
    const auto n = static_cast<std::int64_t>(faces.size());
    const Faces f = describe(faces);

    // Back to front. Brows come after the fringe so bangs never hide them, glasses last.
    Layer layer(n, res);
    drawHead(layer, f, res);
    drawEyes(layer, f, res);
    drawBeard(layer, f, res);
    drawMouth(layer, f, res);
    Region r = region(res, -0.58, 0.58, -0.8, 0.82);
    const Tensor fringe = hairShape(f.head, f.style, r, HairPart::Front);
    layer.paint(r, fringe, f.hair);
    // A soft sheen across the crown.
    const Tensor crown = f.head.top + 0.2;
    const Tensor sheen =
        ellipse(r.x, r.y, 0.0, crown, f.head.a * 0.6, f.head.b * 0.3).abs_() - 0.02;
    layer.paint(r, intersect(intersect(sheen, fringe + 0.03), r.y - crown), colour(1, 1, 1),
                torch::full({1, 1, 1}, 0.22f), 0.03);
    drawBrows(layer, f, res);
    drawGlasses(layer, f, res);
    const Tensor head = tilted(layer, f, res);

    // Background with a soft vignette, shoulders, then the head.
    r = region(res, -1, 1, -1, 1.1);
    const Tensor vignette = (1 - (r.x * r.x + r.y * r.y) * 0.12).unsqueeze(0);
    const Tensor shoulders = layer.coverage(ellipse(r.x, r.y, 0.0, 1.13, 0.95, 0.43)).unsqueeze(0);
    Tensor picture = f.background * vignette;
    picture.mul_(1 - shoulders).addcmul_(f.shirt, shoulders);
    picture.mul_(1 - head.narrow(1, 3, 1)).add_(head.narrow(1, 0, 3));
    return picture.mul_(2).sub_(1).clamp_(-1, 1);
}

}  // namespace

torch::Tensor renderFaces(const std::vector<FaceAttributes>& faces, int resolution) {
    TORCH_CHECK(resolution >= kMinFaceResolution && resolution <= kMaxFaceResolution,
                "face resolution must be between ", kMinFaceResolution, " and ", kMaxFaceResolution,
                ", got ", resolution);
    // Not InferenceMode: the pictures are training data, which autograd may need to save.
    torch::NoGradGuard noGrad;
    const std::vector<FaceAttributes> clean = sanitised(faces);
    const auto n = static_cast<std::int64_t>(clean.size());
    // At most about a million pixels at a time (64 faces at 128 px, 4 at 512), which bounds the
    // temporaries to a few dozen MB whatever the batch.
    constexpr std::int64_t kChunkPixels = 1 << 20;
    const std::int64_t chunk = std::max<std::int64_t>(
        1, kChunkPixels / (static_cast<std::int64_t>(resolution) * resolution));
    if (n > 0 && n <= chunk) return renderChunk(clean, resolution);
    Tensor out = torch::empty({n, 3, resolution, resolution}, torch::kFloat32);
    for (std::int64_t start = 0; start < n; start += chunk) {
        const std::int64_t m = std::min(chunk, n - start);
        const std::vector<FaceAttributes> part(clean.begin() + start, clean.begin() + start + m);
        out.narrow(0, start, m).copy_(renderChunk(part, resolution));
    }
    return out;
}

}  // namespace latent::train
