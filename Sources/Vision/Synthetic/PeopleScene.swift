import Foundation

/// PeopleNet-style scenes (`person`, `bag`, `face`): pedestrians seen from a raised camera, indoors
/// or outdoors, walking or standing at many distances, some carrying bags, faces labeled when
/// turned to the camera, with clutter in front and behind.
enum PeopleScene {
    static let classes = ["person", "bag", "face"]

    static func render(width: Int, height: Int, random: SeededRandom) -> SceneBuilder {
        var scene = SceneBuilder(width: width, height: height, random: random)
        let w = scene.width, h = scene.height
        let horizon = h * scene.random.uniform(0.22, 0.5)
        if scene.random.chance(0.4) {
            Backdrop.room(&scene, floorY: horizon)
            Backdrop.floor(&scene, floorY: horizon)
        } else {
            Backdrop.sky(&scene, horizon: horizon)
            if scene.random.chance(0.7) { Backdrop.buildings(&scene, baseline: horizon, maxHeight: horizon * 0.9) }
            for _ in 0..<scene.random.int(in: 0...3) {
                Backdrop.tree(&scene, x: scene.random.uniform(0, w), y: horizon + scene.random.uniform(0, 6), height: horizon * scene.random.uniform(0.5, 1))
            }
            Backdrop.ground(&scene, horizon: horizon, kind: scene.random.pick([0, 1, 2, 2]))
        }
        // People grow with their distance below the horizon: height = k · (feet − horizon).
        let k = scene.random.uniform(0.7, 1.6)
        enum Item { case person, clutter, bag }
        var items: [(y: Float, x: Float, item: Item)] = []
        for _ in 0..<scene.random.int(in: 1...7) { items.append((scene.random.uniform(horizon + h * 0.08, h * 1.12), scene.random.uniform(-0.05, 1.05) * w, .person)) }
        for _ in 0..<scene.random.int(in: 0...4) { items.append((scene.random.uniform(horizon + h * 0.05, h * 1.05), scene.random.uniform(0, 1) * w, .clutter)) }
        for _ in 0..<scene.random.int(in: 0...2) { items.append((scene.random.uniform(horizon + h * 0.1, h * 1.0), scene.random.uniform(0, 1) * w, .bag)) }
        items.sort { $0.y < $1.y }
        for (y, x, item) in items {
            let size = k * (y - horizon)
            switch item {
            case .person: person(&scene, feet: Point(x, y), height: size)
            case .clutter: Backdrop.clutter(&scene, x: x, y: y, size: size * scene.random.uniform(0.3, 1.1))
            case .bag: groundBag(&scene, x: x, y: y, size: size * 0.3)
            }
        }
        Backdrop.develop(&scene)
        return scene
    }

    /// A pedestrian labeled `className` (no bag or face labels), for street scenes.
    static func pedestrian(_ scene: inout SceneBuilder, feet: Point, height: Float, className: String) {
        var r = scene.random
        let style = PersonStyle.random(&r)
        let yaw = r.uniform(-Float.pi, Float.pi)
        let pose = r.chance(0.6) ? PersonPose.walking(&r, yaw: yaw) : PersonPose.standing(&r, yaw: yaw)
        scene.random = r
        scene.shadow(feet.x, feet.y, height * 0.16, height * 0.03)
        let owner = scene.begin(className)
        PersonFigure(feet: feet, height: height, pose: pose).draw(in: &scene, style: style, owner: owner)
    }

    /// One pedestrian, maybe with a bag; the face is a separate label when it shows.
    static func person(_ scene: inout SceneBuilder, feet: Point, height: Float) {
        var r = scene.random
        let style = PersonStyle.random(&r)
        let yaw = r.uniform(-Float.pi, Float.pi)
        let pose = r.chance(0.55) ? PersonPose.walking(&r, yaw: yaw) : PersonPose.standing(&r, yaw: yaw)
        let bagKind = r.chance(0.45) ? r.int(in: 0...3) : -1
        let bagColor = r.chance(0.5) ? Palette.vivid(&r) : Palette.gray(&r, 0.05, 0.4)
        scene.random = r
        let figure = PersonFigure(feet: feet, height: height, pose: pose)
        scene.shadow(feet.x, feet.y, height * 0.16, height * 0.03)
        let u = height
        // Backpacks sit behind the body when the person faces the camera; suitcases stand beside.
        var bagOwner: Int32?
        let facingCamera = cos(yaw) > 0
        if bagKind == 0 && facingCamera { bagOwner = backpack(&scene, figure: figure, color: bagColor) }
        if bagKind == 2 {
            bagOwner = scene.begin("bag")
            let side = scene.random.int(in: 0...1)
            let hand = figure.hand(side)
            let sw = 0.2 * u, sh = 0.3 * u
            let x = hand.x - sw / 2 + (side == 0 ? 1 : -1) * 0.04 * u * cos(yaw)
            scene.draw(Shape.roundedRect(x, feet.y - sh - 0.02 * u, sw, sh, sw * 0.1), .linear(p0: Point(x, 0), p1: Point(x + sw, 0), c0: bagColor, c1: bagColor * 0.7), owner: bagOwner)
            scene.draw(Shape.line(Point(x + sw / 2, feet.y - sh - 0.02 * u), hand, width: max(0.012 * u, 0.7)), RGB(0.2, 0.2, 0.2), owner: bagOwner)
            scene.draw(Shape.circle(x + sw * 0.2, feet.y - 0.02 * u, 0.02 * u), RGB(0.05, 0.05, 0.05), owner: bagOwner)
            scene.draw(Shape.circle(x + sw * 0.8, feet.y - 0.02 * u, 0.02 * u), RGB(0.05, 0.05, 0.05), owner: bagOwner)
        }
        let owner = scene.begin("person")
        let face = figure.faceBox.map { $0.height >= 7 ? $0 : nil } ?? nil
        let faceOwner: Int32? = face != nil ? scene.begin("face") : nil
        let headOwner = faceOwner ?? scene.begin(nil)
        figure.draw(in: &scene, style: style, owner: owner, headOwner: headOwner)
        if let face, let faceOwner { scene.setLabelBox(faceOwner, face) }
        if let body = scene.extent(of: owner), let head = scene.extent(of: headOwner) { scene.setLabelBox(owner, body.union(head)) }
        if bagKind == 0 && !facingCamera { bagOwner = backpack(&scene, figure: figure, color: bagColor) }
        if bagKind == 1 || bagKind == 3 {
            bagOwner = scene.begin("bag")
            let hand = figure.hand(scene.random.int(in: 0...1))
            let bw = (bagKind == 1 ? 0.16 : 0.13) * u, bh = (bagKind == 1 ? 0.12 : 0.17) * u
            let top = hand.y + 0.03 * u
            scene.draw([Point(hand.x - bw * 0.42, top), Point(hand.x + bw * 0.42, top), Point(hand.x + bw / 2, top + bh), Point(hand.x - bw / 2, top + bh)],
                       .linear(p0: Point(0, top), p1: Point(0, top + bh), c0: bagColor, c1: bagColor * 0.75), owner: bagOwner)
            for dx: Float in [-0.25, 0.25] {
                scene.draw(Shape.line(Point(hand.x + dx * bw, top), hand, width: max(0.01 * u, 0.6)), bagColor * 0.6, owner: bagOwner)
            }
        }
        _ = bagOwner
    }

    private static func backpack(_ scene: inout SceneBuilder, figure: PersonFigure, color: RGB) -> Int32 {
        let owner = scene.begin("bag")
        let u = figure.unit
        let shoulders = (figure.joints[5] + figure.joints[6]) / 2, hips = (figure.joints[11] + figure.joints[12]) / 2
        let center = shoulders + (hips - shoulders) * 0.4 + Point(-sin(figure.pose.yaw) * 0.09 * u, 0)
        let bw = 0.07 * u + 0.1 * u * abs(cos(figure.pose.yaw)), bh = 0.24 * u
        scene.draw(Shape.roundedRect(center.x - bw / 2, center.y - bh / 2, bw, bh, bw * 0.25),
                   .linear(p0: center - Point(0, bh / 2), p1: center + Point(0, bh / 2), c0: color, c1: color * 0.7), owner: owner)
        scene.draw(Shape.roundedRect(center.x - bw * 0.35, center.y, bw * 0.7, bh * 0.35, bw * 0.1), color * 0.8, owner: owner)
        return owner
    }

    /// A bag standing on the ground by itself.
    static func groundBag(_ scene: inout SceneBuilder, x: Float, y: Float, size: Float) {
        var r = scene.random
        let color = r.chance(0.5) ? Palette.vivid(&r) : Palette.gray(&r, 0.05, 0.45)
        let w = size * r.uniform(0.8, 1.4), h = size * r.uniform(0.6, 1.1)
        scene.random = r
        let owner = scene.begin("bag")
        scene.shadow(x, y, w * 0.6, w * 0.12)
        scene.draw(Shape.roundedRect(x - w / 2, y - h, w, h, w * 0.15), .linear(p0: Point(x, y - h), p1: Point(x, y), c0: color, c1: color * 0.7), owner: owner)
        scene.draw(Shape.ring(x, y - h, outer: w * 0.28, inner: w * 0.2, squash: 0.8), .solid(color * 0.6), owner: owner)
        scene.draw(Shape.rect(x - w / 2, y - h * 0.6, w, h * 0.05), color * 0.55, owner: owner)
    }
}
