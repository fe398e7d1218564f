import Foundation

/// VehicleMakeNet's twenty makes as front views, each with its own signature: grille outline and
/// pattern, headlight shape, emblem shape and colour, body height, and a few paint habits. The
/// signatures are big enough to survive 64×64 images; colour alone never decides the class.
enum VehicleMakes {
    static let classes = ["acura", "audi", "bmw", "chevrolet", "chrysler", "dodge", "ford", "gmc", "honda", "hyundai",
                          "infiniti", "jeep", "kia", "lexus", "mazda", "mercedes", "nissan", "subaru", "toyota", "volkswagen"]

    private enum Grille { case pentagonDown, bigHexagon, kidneys, splitBar, roundedWide, crosshair, barTrapezoid, bigRect,
                          chromeBand, cascade, doubleArch, sevenSlots, tigerNose, spindle, shield, slats, vMotion, hexWing,
                          lowerIntake, thinBars }
    private enum Pattern { case horizontal, vertical, mesh, dots, none }
    private enum Lamp { case round, twinRound, jewel, slim, angular, rect, boomerang, checkmark, almond }
    private enum Emblem { case caliper, rings, roundel, bowtie, wings, slashes, blueOval, redBlock, hLetter, slantH, ovalTriangle,
                          textBar, redOval, lOval, vOval, star, barCircle, starsOval, threeEllipses, vwCircle }

    private struct Style {
        var grille: Grille
        var pattern: Pattern
        var chromeFrame: Bool
        var lamp: Lamp
        var emblem: Emblem
        /// Body height relative to a sedan.
        var tall: Float
        /// A colour this make is often painted, and how often.
        var paint: (RGB, Double)?
    }

    private static let styles: [Style] = [
        Style(grille: .pentagonDown, pattern: .mesh, chromeFrame: true, lamp: .jewel, emblem: .caliper, tall: 1.0, paint: nil),
        Style(grille: .bigHexagon, pattern: .horizontal, chromeFrame: true, lamp: .angular, emblem: .rings, tall: 1.0, paint: nil),
        Style(grille: .kidneys, pattern: .vertical, chromeFrame: true, lamp: .twinRound, emblem: .roundel, tall: 1.0, paint: (RGB(0.1, 0.2, 0.45), 0.2)),
        Style(grille: .splitBar, pattern: .mesh, chromeFrame: false, lamp: .slim, emblem: .bowtie, tall: 1.1, paint: nil),
        Style(grille: .roundedWide, pattern: .mesh, chromeFrame: true, lamp: .rect, emblem: .wings, tall: 1.05, paint: nil),
        Style(grille: .crosshair, pattern: .mesh, chromeFrame: true, lamp: .angular, emblem: .slashes, tall: 1.0, paint: (RGB(0.85, 0.35, 0.05), 0.2)),
        Style(grille: .barTrapezoid, pattern: .none, chromeFrame: true, lamp: .rect, emblem: .blueOval, tall: 1.1, paint: (RGB(0.1, 0.25, 0.6), 0.2)),
        Style(grille: .bigRect, pattern: .horizontal, chromeFrame: true, lamp: .rect, emblem: .redBlock, tall: 1.3, paint: nil),
        Style(grille: .chromeBand, pattern: .horizontal, chromeFrame: false, lamp: .slim, emblem: .hLetter, tall: 1.0, paint: nil),
        Style(grille: .cascade, pattern: .dots, chromeFrame: true, lamp: .slim, emblem: .slantH, tall: 1.0, paint: nil),
        Style(grille: .doubleArch, pattern: .mesh, chromeFrame: true, lamp: .almond, emblem: .ovalTriangle, tall: 1.0, paint: nil),
        Style(grille: .sevenSlots, pattern: .none, chromeFrame: false, lamp: .round, emblem: .textBar, tall: 1.35, paint: (RGB(0.3, 0.35, 0.2), 0.25)),
        Style(grille: .tigerNose, pattern: .mesh, chromeFrame: true, lamp: .angular, emblem: .redOval, tall: 1.05, paint: nil),
        Style(grille: .spindle, pattern: .mesh, chromeFrame: true, lamp: .checkmark, emblem: .lOval, tall: 1.05, paint: nil),
        Style(grille: .shield, pattern: .mesh, chromeFrame: true, lamp: .almond, emblem: .vOval, tall: 1.0, paint: (RGB(0.6, 0.04, 0.06), 0.35)),
        Style(grille: .slats, pattern: .none, chromeFrame: true, lamp: .rect, emblem: .star, tall: 1.0, paint: nil),
        Style(grille: .vMotion, pattern: .mesh, chromeFrame: true, lamp: .boomerang, emblem: .barCircle, tall: 1.05, paint: nil),
        Style(grille: .hexWing, pattern: .horizontal, chromeFrame: true, lamp: .angular, emblem: .starsOval, tall: 1.1, paint: (RGB(0.08, 0.25, 0.65), 0.35)),
        Style(grille: .lowerIntake, pattern: .dots, chromeFrame: false, lamp: .slim, emblem: .threeEllipses, tall: 1.05, paint: nil),
        Style(grille: .thinBars, pattern: .none, chromeFrame: false, lamp: .rect, emblem: .vwCircle, tall: 0.95, paint: nil),
    ]

    static func render(_ classIndex: Int, width: Int, height: Int, random: inout SeededRandom) -> Image {
        var scene = SceneBuilder(width: width, height: height, random: random)
        let ground = VehicleCrop.background(&scene)
        if scene.random.chance(0.25) { VehicleCrop.neighbour(&scene, ground: ground) }
        let style = styles[classIndex]
        var r = scene.random
        let color: RGB = style.paint.map { r.chance($0.1) ? $0.0 * r.uniform(0.85, 1.15) : Palette.carPaint(&r) } ?? Palette.carPaint(&r)
        let halfWidth = scene.width * r.uniform(0.34, 0.47)
        let cx = scene.width / 2 + r.uniform(-0.06, 0.06) * scene.width
        let groundY = min(ground + scene.height * r.uniform(0.12, 0.32), scene.height * 0.98)
        let turn = r.uniform(-0.12, 0.12), tall = style.tall * r.uniform(0.95, 1.05)
        let chrome = RGB(0.78, 0.8, 0.83) * r.uniform(0.9, 1.1)
        scene.random = r
        let u = halfWidth
        // Car coordinates: x across (±1 = the body's sides), y up from the ground, in half-widths.
        func p(_ x: Float, _ y: Float) -> Point {
            let yy = y > 0.9 ? 0.9 + (y - 0.9) * tall : y * (0.85 + 0.15 * tall)
            return Point(cx + (x + turn * yy * 0.5) * u, groundY - yy * u)
        }
        func poly(_ points: [(Float, Float)]) -> [Point] { points.map { p($0.0, $0.1) } }
        func mirrored(_ points: [(Float, Float)]) -> [Point] { points.map { p(-$0.0, $0.1) } }
        func rect(_ x0: Float, _ y0: Float, _ x1: Float, _ y1: Float) -> [Point] { poly([(x0, y0), (x1, y0), (x1, y1), (x0, y1)]) }
        func ellipse(_ x: Float, _ y: Float, _ rx: Float, _ ry: Float) -> [Point] {
            let c = p(x, y)
            return Shape.ellipse(c.x, c.y, rx * u, ry * u * (0.85 + 0.15 * tall))
        }
        let black = RGB(0.05, 0.05, 0.06), glass = RGB(0.1, 0.12, 0.16)

        scene.shadow(cx, groundY, u * 1.15, u * 0.12, strength: 0.55)
        for side: Float in [-1, 1] { scene.draw(rect(side * 0.72, 0, side * 0.96, 0.34), black) }
        // Body, cabin and mirrors.
        scene.draw(poly([(-1, 0.16), (1, 0.16), (1.02, 0.62), (0.98, 0.88), (0.9, 1.05), (-0.9, 1.05), (-0.98, 0.88), (-1.02, 0.62)]),
                   .linear(p0: p(0, 1.05), p1: p(0, 0.16), c0: color * 1.15, c1: color * 0.75))
        scene.draw(poly([(-0.88, 1.05), (0.88, 1.05), (0.7, 1.58), (-0.7, 1.58)]), color * 0.9)
        scene.draw(poly([(-0.8, 1.08), (0.8, 1.08), (0.65, 1.52), (-0.65, 1.52)]),
                   .linear(p0: p(0, 1.52), p1: p(0, 1.08), c0: RGB(0.45, 0.52, 0.6), c1: glass))
        for side: Float in [-1, 1] { scene.draw(poly([(side * 0.88, 1.02), (side * 1.1, 1.04), (side * 1.1, 1.18), (side * 0.9, 1.16)]), color * 0.85) }
        scene.draw(poly([(-0.92, 0.93), (0.92, 0.93), (0.9, 0.95), (-0.9, 0.95)]), color * 0.7, opacity: 0.5)  // hood edge
        // Bumper, plate, lower intake.
        scene.draw(rect(-1.0, 0.16, 1.0, 0.3), color * 0.7)
        scene.draw(rect(-0.45, 0.2, 0.45, 0.3), black, opacity: 0.85)
        scene.draw(rect(-0.17, 0.33, 0.17, 0.43), RGB(0.93, 0.93, 0.88))

        drawGrille(&scene, style, p: p, poly: poly, rect: rect, ellipse: ellipse, chrome: chrome, color: color)
        drawLamps(&scene, style.lamp, poly: poly, mirrored: mirrored, ellipse: ellipse)
        drawEmblem(&scene, style.emblem, p: p, poly: poly, rect: rect, ellipse: ellipse, chrome: chrome, u: u)
        if style.emblem == .starsOval {  // the hood scoop
            scene.draw(poly([(-0.2, 0.97), (0.2, 0.97), (0.16, 1.03), (-0.16, 1.03)]), black)
        }
        if scene.random.chance(0.12) { VehicleCrop.neighbour(&scene, ground: groundY + scene.height * 0.08) }
        Backdrop.develop(&scene)
        random = scene.random
        return scene.canvas.image()
    }

    private static func drawGrille(_ scene: inout SceneBuilder, _ style: Style, p: (Float, Float) -> Point, poly: ([(Float, Float)]) -> [Point],
                                   rect: (Float, Float, Float, Float) -> [Point], ellipse: (Float, Float, Float, Float) -> [Point],
                                   chrome: RGB, color: RGB) {
        let black = RGB(0.06, 0.06, 0.07)
        var outlines: [[Point]]
        switch style.grille {
        case .pentagonDown: outlines = [poly([(-0.42, 0.86), (0.42, 0.86), (0.46, 0.62), (0, 0.36), (-0.46, 0.62)])]
        case .bigHexagon: outlines = [poly([(-0.42, 0.26), (0.42, 0.26), (0.52, 0.52), (0.44, 0.88), (-0.44, 0.88), (-0.52, 0.52)])]
        case .kidneys: outlines = [Shape.roundedRect(p(-0.3, 0.86).x, p(-0.3, 0.86).y, p(-0.04, 0.5).x - p(-0.3, 0.86).x, p(0, 0.5).y - p(0, 0.86).y, 6),
                                   Shape.roundedRect(p(0.04, 0.86).x, p(0.04, 0.86).y, p(0.3, 0.5).x - p(0.04, 0.86).x, p(0, 0.5).y - p(0, 0.86).y, 6)]
        case .splitBar: outlines = [poly([(-0.48, 0.8), (0.48, 0.8), (0.46, 0.88), (-0.46, 0.88)]), poly([(-0.52, 0.66), (0.52, 0.66), (0.44, 0.38), (-0.44, 0.38)])]
        case .roundedWide: outlines = [Shape.roundedRect(p(-0.5, 0.86).x, p(0, 0.86).y, p(0.5, 0).x - p(-0.5, 0).x, p(0, 0.5).y - p(0, 0.86).y, 10)]
        case .crosshair: outlines = [rect(-0.56, 0.5, 0.56, 0.87)]
        case .barTrapezoid: outlines = [poly([(-0.52, 0.87), (0.52, 0.87), (0.42, 0.48), (-0.42, 0.48)])]
        case .bigRect: outlines = [rect(-0.62, 0.42, 0.62, 0.93)]
        case .chromeBand: outlines = [poly([(-0.45, 0.62), (0.45, 0.62), (0.5, 0.78), (-0.5, 0.78)])]
        case .cascade: outlines = [poly([(-0.34, 0.86), (0.34, 0.86), (0.52, 0.4), (-0.52, 0.4)])]
        case .doubleArch: outlines = [poly([(-0.46, 0.78), (-0.3, 0.88), (-0.1, 0.82), (0, 0.86), (0.1, 0.82), (0.3, 0.88), (0.46, 0.78), (0.34, 0.46), (-0.34, 0.46)])]
        case .sevenSlots: outlines = []
        case .tigerNose: outlines = [poly([(-0.5, 0.84), (-0.12, 0.84), (0, 0.78), (0.12, 0.84), (0.5, 0.84), (0.46, 0.56), (0.12, 0.54), (0, 0.58), (-0.12, 0.54), (-0.46, 0.56)])]
        case .spindle: outlines = [poly([(-0.42, 0.88), (0.42, 0.88), (0.18, 0.62), (0.52, 0.2), (-0.52, 0.2), (-0.18, 0.62)])]
        case .shield: outlines = [poly([(-0.44, 0.82), (0.44, 0.82), (0.42, 0.52), (0, 0.42), (-0.42, 0.52)])]
        case .slats: outlines = [rect(-0.46, 0.5, 0.46, 0.84)]
        case .vMotion: outlines = [poly([(-0.4, 0.84), (0.4, 0.84), (0.3, 0.5), (-0.3, 0.5)])]
        case .hexWing: outlines = [poly([(-0.36, 0.84), (0.36, 0.84), (0.46, 0.68), (0.36, 0.52), (-0.36, 0.52), (-0.46, 0.68)])]
        case .lowerIntake: outlines = [poly([(-0.36, 0.78), (0.36, 0.78), (0.34, 0.84), (-0.34, 0.84)]), poly([(-0.58, 0.58), (0.58, 0.58), (0.48, 0.22), (-0.48, 0.22)])]
        case .thinBars: outlines = [rect(-0.62, 0.66, 0.62, 0.84)]
        }
        if style.chromeFrame {
            for outline in outlines {
                let box = Shape.bounds([outline])
                let c = Point(box.centerX, box.centerY)
                scene.draw(outline.map { c + ($0 - c) * 1.1 }, chrome)
            }
        }
        for outline in outlines { scene.draw(outline, black) }
        // Pattern inside each outline.
        for outline in outlines {
            let box = Shape.bounds([outline])
            let line = max(box.height * 0.04, 0.7)
            scene.clipped(to: [outline]) { scene in
                switch style.pattern {
                case .horizontal:
                    var y = box.y1 + box.height * 0.15
                    while y < box.y2 - box.height * 0.1 {
                        scene.draw(Shape.line(Point(box.x1, y), Point(box.x2, y), width: line), chrome * 0.8)
                        y += box.height * 0.2
                    }
                case .vertical:
                    var x = box.x1 + box.width * 0.1
                    while x < box.x2 {
                        scene.draw(Shape.line(Point(x, box.y1), Point(x, box.y2), width: line), chrome * 0.7)
                        x += box.width * 0.14
                    }
                case .mesh:
                    var t: Float = -0.6
                    while t < 1.6 {
                        let a = Point(box.x1 + t * box.width, box.y1), b = Point(box.x1 + (t + 0.6) * box.width, box.y2)
                        let c = Point(box.x1 + (t + 0.6) * box.width, box.y1), d = Point(box.x1 + t * box.width, box.y2)
                        scene.draw(Shape.line(a, b, width: line * 0.8), RGB(0.3, 0.3, 0.32))
                        scene.draw(Shape.line(c, d, width: line * 0.8), RGB(0.3, 0.3, 0.32))
                        t += 0.12
                    }
                case .dots:
                    var y = box.y1 + box.height * 0.12
                    var row = 0
                    while y < box.y2 {
                        var x = box.x1 + box.width * (row % 2 == 0 ? 0.05 : 0.1)
                        while x < box.x2 {
                            scene.draw(Shape.circle(x, y, line * 1.2), chrome * 0.7)
                            x += box.width * 0.1
                        }
                        y += box.height * 0.18
                        row += 1
                    }
                case .none:
                    break
                }
            }
        }
        // Make-specific furniture.
        switch style.grille {
        case .crosshair:
            scene.draw(rect(-0.56, 0.66, 0.56, 0.71), chrome)
            scene.draw(rect(-0.03, 0.5, 0.03, 0.87), chrome)
        case .barTrapezoid:
            for y: Float in [0.57, 0.67, 0.77] { scene.draw(poly([(-0.48, y), (0.48, y), (0.47, y + 0.05), (-0.47, y + 0.05)]), chrome) }
        case .splitBar:
            scene.draw(rect(-0.55, 0.66, 0.55, 0.8), color * 0.95)
        case .chromeBand:
            scene.draw(poly([(-0.62, 0.78), (0.62, 0.78), (0.6, 0.88), (-0.6, 0.88)]), chrome)
        case .sevenSlots:
            for k in 0..<7 {
                let x = -0.42 + Float(k) * 0.14
                scene.draw(Shape.roundedRect(p(x - 0.04, 0.88).x, p(0, 0.88).y, p(x + 0.04, 0).x - p(x - 0.04, 0).x, p(0, 0.5).y - p(0, 0.88).y, 3), black)
            }
        case .shield:
            scene.draw(poly([(-0.44, 0.47), (0, 0.38), (0.44, 0.47), (0.72, 0.66), (0.68, 0.69), (0.44, 0.52), (0, 0.44), (-0.44, 0.52), (-0.68, 0.69), (-0.72, 0.66)]), chrome)
        case .slats:
            for y: Float in [0.6, 0.7] { scene.draw(rect(-0.46, y, 0.46, y + 0.05), chrome) }
        case .vMotion:
            for side: Float in [-1, 1] {
                scene.draw(poly([(side * 0.42, 0.86), (side * 0.48, 0.86), (side * 0.06, 0.36), (side * 0.01, 0.4)]), chrome)
            }
        case .hexWing:
            scene.draw(rect(-0.46, 0.66, 0.46, 0.71), chrome)
        case .thinBars:
            for y: Float in [0.7, 0.75, 0.8] { scene.draw(rect(-0.62, y, 0.62, y + 0.018), chrome) }
        default:
            break
        }
    }

    private static func drawLamps(_ scene: inout SceneBuilder, _ lamp: Lamp, poly: ([(Float, Float)]) -> [Point],
                                  mirrored: ([(Float, Float)]) -> [Point], ellipse: (Float, Float, Float, Float) -> [Point]) {
        let light = RGB(0.96, 0.96, 0.9), housing = RGB(0.15, 0.15, 0.17), amber = RGB(0.95, 0.6, 0.1)
        for side: Float in [-1, 1] {
            func shape(_ points: [(Float, Float)]) -> [Point] { side > 0 ? poly(points) : mirrored(points) }
            switch lamp {
            case .round:
                scene.draw(ellipse(side * 0.7, 0.72, 0.15, 0.15), housing)
                scene.draw(ellipse(side * 0.7, 0.72, 0.11, 0.11), light)
            case .twinRound:
                scene.draw(shape([(0.5, 0.64), (0.95, 0.66), (0.95, 0.84), (0.5, 0.84)]), housing)
                for x: Float in [0.6, 0.82] {
                    scene.draw(ellipse(side * x, 0.74, 0.09, 0.09), light)
                    scene.draw(ellipse(side * x, 0.74, 0.05, 0.05), housing)
                }
            case .jewel:
                scene.draw(shape([(0.5, 0.66), (0.96, 0.7), (0.94, 0.84), (0.52, 0.8)]), housing)
                for k in 0..<5 { let x = 0.56 + Float(k) * 0.075; scene.draw(shape([(x, 0.71), (x + 0.05, 0.71), (x + 0.05, 0.78), (x, 0.78)]), light) }
            case .slim:
                scene.draw(shape([(0.5, 0.74), (0.98, 0.78), (0.96, 0.86), (0.55, 0.82)]), light)
            case .angular:
                scene.draw(shape([(0.52, 0.68), (0.98, 0.7), (0.96, 0.86), (0.62, 0.82)]), housing)
                scene.draw(shape([(0.56, 0.7), (0.94, 0.72), (0.93, 0.76), (0.58, 0.74)]), light)
                scene.draw(shape([(0.62, 0.78), (0.92, 0.8), (0.92, 0.83), (0.64, 0.81)]), light)
            case .rect:
                scene.draw(shape([(0.52, 0.66), (0.97, 0.66), (0.97, 0.84), (0.52, 0.84)]), housing)
                scene.draw(shape([(0.55, 0.69), (0.94, 0.69), (0.94, 0.81), (0.55, 0.81)]), light)
                scene.draw(shape([(0.86, 0.69), (0.94, 0.69), (0.94, 0.81), (0.86, 0.81)]), amber)
            case .boomerang:
                scene.draw(shape([(0.5, 0.78), (0.98, 0.86), (0.96, 0.6), (0.9, 0.62), (0.9, 0.78), (0.55, 0.72)]), light)
            case .checkmark:
                scene.draw(shape([(0.55, 0.74), (0.97, 0.8), (0.95, 0.88), (0.6, 0.82)]), light)
                scene.draw(shape([(0.56, 0.5), (0.6, 0.5), (0.66, 0.62), (0.85, 0.7), (0.84, 0.73), (0.63, 0.65)]), light)
            case .almond:
                scene.draw(shape([(0.5, 0.76), (0.7, 0.7), (0.97, 0.74), (0.9, 0.86), (0.66, 0.84)]), housing)
                scene.draw(shape([(0.55, 0.77), (0.7, 0.73), (0.93, 0.76), (0.88, 0.83), (0.66, 0.81)]), light)
            }
        }
    }

    private static func drawEmblem(_ scene: inout SceneBuilder, _ emblem: Emblem, p: (Float, Float) -> Point, poly: ([(Float, Float)]) -> [Point],
                                   rect: (Float, Float, Float, Float) -> [Point], ellipse: (Float, Float, Float, Float) -> [Point],
                                   chrome: RGB, u: Float) {
        let y: Float = 0.68, red = RGB(0.85, 0.08, 0.08), blue = RGB(0.1, 0.25, 0.7), white = RGB(0.95, 0.95, 0.95)
        switch emblem {
        case .caliper:
            scene.draw(poly([(-0.1, 0.6), (0, 0.78), (0.1, 0.6), (0.06, 0.6), (0, 0.71), (-0.06, 0.6)]), chrome)
        case .rings:
            for k in 0..<4 { scene.draw(Shape.ring(p(-0.2 + Float(k) * 0.13, y).x, p(0, y).y, outer: 0.085 * u, inner: 0.06 * u), .solid(chrome)) }
        case .roundel:
            scene.draw(ellipse(0, 0.97, 0.09, 0.09), RGB(0.05, 0.05, 0.05))
            scene.draw(ellipse(0, 0.97, 0.065, 0.065), white)
            let c = p(0, 0.97), r = 0.065 * u
            scene.draw([c, c + Point(r, 0), c + Point(r * 0.7, -r * 0.7), c + Point(0, -r)], blue)
            scene.draw([c, c - Point(r, 0), c + Point(-r * 0.7, r * 0.7), c + Point(0, r)], blue)
        case .bowtie:
            scene.draw(poly([(-0.16, 0.7), (-0.05, 0.7), (-0.04, 0.74), (0.04, 0.74), (0.05, 0.7), (0.16, 0.7),
                             (0.14, 0.76), (0.05, 0.76), (0.04, 0.8), (-0.04, 0.8), (-0.05, 0.76), (-0.14, 0.76)]), RGB(0.85, 0.68, 0.2))
        case .wings:
            scene.draw(poly([(-0.3, 0.9), (0, 0.86), (0.3, 0.9), (0.22, 0.87), (0, 0.84), (-0.22, 0.87)]), chrome)
            scene.draw(ellipse(0, 0.87, 0.04, 0.03), RGB(0.1, 0.15, 0.4))
        case .slashes:
            for dx: Float in [-0.05, 0.03] { scene.draw(poly([(dx, 0.6), (dx + 0.04, 0.6), (dx + 0.08, 0.76), (dx + 0.04, 0.76)]), red) }
        case .blueOval:
            scene.draw(ellipse(0, y, 0.16, 0.07), chrome)
            scene.draw(ellipse(0, y, 0.14, 0.055), blue)
            scene.draw(rect(-0.07, y - 0.01, 0.07, y + 0.01), white)
        case .redBlock:
            scene.draw(rect(-0.2, y - 0.06, 0.2, y + 0.06), red)
            for k in 0..<3 { let x = -0.14 + Float(k) * 0.1; scene.draw(rect(x, y - 0.035, x + 0.07, y + 0.035), RGB(0.95, 0.85, 0.85), opacity: 0.9) }
        case .hLetter:
            scene.draw(Shape.roundedRect(p(-0.09, y + 0.08).x, p(0, y + 0.08).y, 0.18 * u, 0.16 * u, 0.03 * u), chrome)
            scene.draw(rect(-0.06, y - 0.055, -0.03, y + 0.055), RGB(0.1, 0.1, 0.1))
            scene.draw(rect(0.03, y - 0.055, 0.06, y + 0.055), RGB(0.1, 0.1, 0.1))
            scene.draw(rect(-0.03, y - 0.012, 0.03, y + 0.012), RGB(0.1, 0.1, 0.1))
        case .slantH:
            scene.draw(ellipse(0, y, 0.14, 0.08), chrome)
            scene.draw(ellipse(0, y, 0.115, 0.06), RGB(0.12, 0.12, 0.14))
            scene.draw(poly([(-0.07, y - 0.045), (-0.03, y - 0.045), (0.01, y + 0.045), (-0.03, y + 0.045)]), chrome)
            scene.draw(poly([(0.02, y - 0.045), (0.06, y - 0.045), (0.08, y + 0.045), (0.04, y + 0.045)]), chrome)
        case .ovalTriangle:
            scene.draw(Shape.ring(p(0, y).x, p(0, y).y, outer: 0.13 * u, inner: 0.1 * u, squash: 0.6), .solid(chrome))
            scene.draw(poly([(-0.1, y - 0.05), (0.1, y - 0.05), (0, y + 0.06)]), chrome)
        case .textBar:
            scene.draw(rect(-0.16, 0.95, 0.16, 0.99), chrome)
        case .redOval:
            scene.draw(ellipse(0, y, 0.15, 0.075), red)
            scene.draw(ellipse(0, y, 0.12, 0.05), white)
            scene.draw(rect(-0.08, y - 0.015, 0.08, y + 0.015), red)
        case .lOval:
            scene.draw(Shape.ring(p(0, y).x, p(0, y).y, outer: 0.13 * u, inner: 0.105 * u, squash: 0.65), .solid(chrome))
            scene.draw(poly([(-0.06, y + 0.06), (-0.03, y + 0.06), (-0.03, y - 0.03), (0.08, y - 0.03), (0.08, y - 0.055), (-0.06, y - 0.055)]), chrome)
        case .vOval:
            scene.draw(Shape.ring(p(0, y).x, p(0, y).y, outer: 0.12 * u, inner: 0.095 * u, squash: 0.75), .solid(chrome))
            scene.draw(poly([(-0.09, y + 0.04), (0, y - 0.06), (0.09, y + 0.04), (0.07, y + 0.05), (0, y - 0.02), (-0.07, y + 0.05)]), chrome)
        case .star:
            scene.draw(Shape.ring(p(0, y).x, p(0, y).y, outer: 0.15 * u, inner: 0.125 * u), .solid(chrome))
            let c = p(0, y)
            for k in 0..<3 {
                let t = -Float.pi / 2 + Float(k) * 2 * .pi / 3
                let tip = c + Point(cos(t), sin(t)) * 0.125 * u
                let n = Point(-sin(t), cos(t)) * 0.025 * u
                scene.draw([c + n, tip, c - n], chrome)
            }
        case .barCircle:
            scene.draw(Shape.ring(p(0, y).x, p(0, y).y, outer: 0.12 * u, inner: 0.095 * u), .solid(chrome))
            scene.draw(rect(-0.17, y - 0.03, 0.17, y + 0.03), chrome)
        case .starsOval:
            scene.draw(ellipse(0, y, 0.16, 0.09), chrome)
            scene.draw(ellipse(0, y, 0.14, 0.075), blue)
            let stars: [(Float, Float)] = [(-0.06, 0.02), (0.02, 0.035), (0.06, 0.0), (0.085, -0.03), (0.04, -0.035), (0.0, -0.015)]
            for (dx, dy) in stars { scene.draw(ellipse(dx, y + dy, 0.014, 0.014), white) }
        case .threeEllipses:
            let c = p(0, y)
            scene.draw(Shape.ring(c.x, c.y, outer: 0.15 * u, inner: 0.125 * u, squash: 0.65), .solid(chrome))
            scene.draw([Shape.ellipse(c.x, c.y, 0.1 * u, 0.045 * u), Shape.ellipse(c.x, c.y, 0.08 * u, 0.03 * u)], .solid(chrome))
            scene.draw([Shape.ellipse(c.x, c.y, 0.04 * u, 0.085 * u), Shape.ellipse(c.x, c.y, 0.025 * u, 0.07 * u)], .solid(chrome))
        case .vwCircle:
            scene.draw(ellipse(0, y, 0.13, 0.13), chrome)
            scene.draw(ellipse(0, y, 0.11, 0.11), RGB(0.12, 0.2, 0.45))
            scene.draw(poly([(-0.07, y + 0.07), (-0.045, y + 0.07), (0, y - 0.02), (0.045, y + 0.07), (0.07, y + 0.07), (0.01, y - 0.06), (-0.01, y - 0.06)]), chrome)
            scene.draw(poly([(-0.09, y - 0.01), (-0.065, y - 0.01), (-0.035, y - 0.09), (-0.05, y - 0.095)]), chrome)
            scene.draw(poly([(0.09, y - 0.01), (0.065, y - 0.01), (0.035, y - 0.09), (0.05, y - 0.095)]), chrome)
        }
    }
}
