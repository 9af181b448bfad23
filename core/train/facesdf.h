#pragma once

// Core-internal: the drawing kit of renderFaces (faces.cpp, facehair.cpp). Shapes are signed
// distance fields (negative inside, in head units) over broadcast coordinates: x is 1 x 1 x W and
// y is 1 x H x 1, parameters are numbers or per-face N x 1 x 1 tensors, so a shape costs a few
// passes over N x H x W and never a per-pixel loop. The approximations keep the distance near an
// edge, which is all the one-pixel antialiasing needs.

#include <torch/torch.h>

#include <cstdint>
#include <vector>

namespace latent::train::facedraw {

using torch::Tensor;

// The head's frame: x to the right, y down, the face near the origin; the picture shows x in
// [-kZoom, kZoom] and y in [kOffsetY - kZoom, kOffsetY + kZoom] at every resolution.
constexpr double kZoom = 0.86;
constexpr double kOffsetY = 0.02;

inline Tensor length(const Tensor& x, const Tensor& y) { return (x * x + y * y).sqrt_(); }

template <class A, class B, class C, class D>
Tensor ellipse(const Tensor& x, const Tensor& y, const A& cx, const B& cy, const C& rx,
               const D& ry) {
    // Inigo Quilez's approximation: |p/r| (|p/r| - 1) / |p/r^2|.
    const Tensor px = (x - cx) / rx, py = (y - cy) / ry;
    const Tensor k0 = length(px, py);
    const Tensor k1 = length(px / rx, py / ry).clamp_min_(1e-6);
    return (k0 - 1).mul_(k0).div_(k1);
}

template <class A, class B, class C>
Tensor circle(const Tensor& x, const Tensor& y, const A& cx, const B& cy, const C& r) {
    return length(x - cx, y - cy) - r;
}

// A box of half sizes (hx, hy) with corners rounded by r.
template <class A, class B, class C, class D, class E>
Tensor roundBox(const Tensor& x, const Tensor& y, const A& cx, const B& cy, const C& hx,
                const D& hy, const E& r) {
    const Tensor qx = (x - cx).abs_() - hx + r;
    const Tensor qy = (y - cy).abs_() - hy + r;
    return length(qx.clamp_min(0), qy.clamp_min(0)) + torch::maximum(qx, qy).clamp_max_(0) - r;
}

// Union with a fillet of size k.
inline Tensor smoothMin(const Tensor& a, const Tensor& b, double k) {
    const Tensor h = ((b - a) * (0.5 / k) + 0.5).clamp_(0, 1);
    return b + (a - b) * h - h * (1 - h) * k;
}

inline Tensor unite(const Tensor& a, const Tensor& b) { return torch::minimum(a, b); }
inline Tensor intersect(const Tensor& a, const Tensor& b) { return torch::maximum(a, b); }

// A rectangle of the picture, in whole pixels, with its coordinates in head units; shapes are
// evaluated and painted only inside it.
struct Region {
    std::int64_t r0 = 0, r1 = 0, c0 = 0, c1 = 0;  // rows [r0, r1), columns [c0, c1)
    Tensor x, ax, y;                              // 1 x 1 x W, |x|, 1 x H x 1 (float32)
    std::int64_t rows() const { return r1 - r0; }
    std::int64_t cols() const { return c1 - c0; }
};

// The region covering head coordinates [x0, x1] x [y0, y1] at `resolution`, clipped to the picture.
Region region(int resolution, double x0, double x1, double y0, double y1);

// N x 3 x 1 x 1 colours from per-face RGB triples in [0, 1] (3N floats).
Tensor colours(const std::vector<float>& rgb);
// 1 x 3 x 1 x 1: one colour for every face.
Tensor colour(float r, float g, float b);
// N x 1 x 1 per-face numbers.
Tensor perFace(const std::vector<float>& values);

// A premultiplied RGB layer with its transmittance (1 - alpha), painted back to front.
class Layer {
public:
    Layer(std::int64_t faces, int resolution);

    // Paints shape `d` (N x H x W after broadcasting, over region r) in `colour`
    // (N x 3 x 1 x 1, or 1 x 3 x 1 x 1 for all faces) with per-face `opacity` (N x 1 x 1;
    // undefined: 1). The edge is one pixel wide, or `soft` head units when that is wider.
    void paint(const Region& r, const Tensor& d, const Tensor& colour, const Tensor& opacity = {},
               double soft = 0);
    // Coverage of shape `d` in [0, 1] (a new tensor).
    Tensor coverage(const Tensor& d, double soft = 0) const;
    // Ends painting: the layer as N x 4 x R x R, premultiplied RGB and alpha (no copy).
    Tensor finish();

private:
    double m_pixel;  // one pixel in head units
    Tensor m_rgbt;   // N x 4 x R x R float32: premultiplied RGB, then transmittance
};

// The head's proportions, per face (N x 1 x 1 each): half width and half height of the face, its
// top, and the face-width attribute. The face is centred at (0, kFaceY).
constexpr double kFaceY = -0.02;
struct HeadShape {
    Tensor a, b, top, width;
    HeadShape select(const Tensor& index) const;  // the faces `index` (int64) in that order
};

enum class HairPart { Back, Front };
constexpr int kHairStyles = 6;  // bald, short, long, bob, curly, bun (FaceAttributes::hairStyle)

// The hair behind the head (Back) or over the forehead (Front) of every face over region r: the
// shape of each face's style, and for a fractional style the blend of its two neighbours' shapes.
// `style` holds one value per face in [0, kHairStyles - 1]. Each style is evaluated only for the
// faces that use it. N x H x W (facehair.cpp).
Tensor hairShape(const HeadShape& head, const std::vector<float>& style, const Region& r,
                 HairPart part);

}  // namespace latent::train::facedraw
