import Foundation

/// Pose-estimation scenes: several articulated people in varied poses (arms raised, crouching,
/// turning), indoors or out, overlapping each other and clutter, some cut by the frame, now and
/// then a distant crowd annotated as `iscrowd` with an RLE mask — COCO person keypoints.
enum PoseScene {
    static func render(width: Int, height: Int, random: SeededRandom) -> SyntheticPoses {
        var scene = SceneBuilder(width: width, height: height, random: random)
        let w = scene.width, h = scene.height
        let horizon = h * scene.random.uniform(0.25, 0.55)
        if scene.random.chance(0.5) {
            Backdrop.room(&scene, floorY: horizon)
            Backdrop.floor(&scene, floorY: horizon)
        } else {
            Backdrop.sky(&scene, horizon: horizon)
            if scene.random.chance(0.6) { Backdrop.buildings(&scene, baseline: horizon, maxHeight: horizon * 0.8) }
            Backdrop.ground(&scene, horizon: horizon)
        }
        // A distant crowd: small people in a band near the horizon, one crowd annotation.
        var crowd: [Int32] = []
        if scene.random.chance(0.25) {
            let band = horizon + h * scene.random.uniform(0.02, 0.08)
            for _ in 0..<scene.random.int(in: 6...14) {
                let owner = scene.begin(nil)
                crowd.append(owner)
                var r = scene.random
                let style = PersonStyle.random(&r)
                let pose = PersonPose.standing(&r, yaw: r.uniform(-Float.pi, Float.pi))
                let feet = Point(r.uniform(0.05, 0.95) * w, band + r.uniform(0, h * 0.03)), size = h * r.uniform(0.08, 0.14)
                scene.random = r
                PersonFigure(feet: feet, height: size, pose: pose).draw(in: &scene, style: style, owner: owner)
            }
        }
        // The annotated people, far to near, with clutter between them.
        enum Item { case person, clutter }
        var items: [(y: Float, x: Float, item: Item)] = []
        for _ in 0..<scene.random.pick([1, 1, 2, 2, 3, 4]) {
            items.append((scene.random.uniform(horizon + h * 0.25, h * 1.1), scene.random.uniform(0.1, 0.9) * w, .person))
        }
        for _ in 0..<scene.random.int(in: 0...2) {
            items.append((scene.random.uniform(horizon + h * 0.1, h * 1.05), scene.random.uniform(0, 1) * w, .clutter))
        }
        items.sort { $0.y < $1.y }
        var people: [(owner: Int32, drawing: PersonFigure.Drawing)] = []
        for (y, x, item) in items {
            let size = (y - horizon) * scene.random.uniform(1.0, 1.6)
            switch item {
            case .clutter:
                Backdrop.clutter(&scene, x: x, y: y, size: size * scene.random.uniform(0.3, 0.8))
            case .person:
                var r = scene.random
                let style = PersonStyle.random(&r)
                let pose = PersonPose.varied(&r)
                scene.random = r
                let owner = scene.begin("person")
                scene.shadow(x, y, size * 0.16, size * 0.03)
                people.append((owner, PersonFigure(feet: Point(x, y), height: size, pose: pose).draw(in: &scene, style: style, owner: owner)))
            }
        }
        Backdrop.develop(&scene)

        // Annotations from what ended up visible.
        let canvas = scene.canvas
        var areas = [Int](repeating: 0, count: canvas.claimed.count)
        var bounds = [BoundingBox](repeating: BoundingBox(x1: .infinity, y1: .infinity, x2: -.infinity, y2: -.infinity), count: canvas.claimed.count)
        var crowdMask = [UInt8](repeating: 0, count: canvas.width * canvas.height)
        let crowdSet = Set(crowd)
        for y in 0..<canvas.height {
            for x in 0..<canvas.width {
                let owner = canvas.owners[y * canvas.width + x]
                guard owner >= 2, Int(owner) < areas.count else { continue }
                areas[Int(owner)] += 1
                bounds[Int(owner)] = bounds[Int(owner)].union(BoundingBox(x1: Float(x), y1: Float(y), x2: Float(x + 1), y2: Float(y + 1)))
                if crowdSet.contains(owner) { crowdMask[y * canvas.width + x] = 1 }
            }
        }
        func round2(_ v: Float) -> Double { (Double(v) * 100).rounded() / 100 }
        var annotations: [COCOAnnotation] = []
        for (owner, drawing) in people {
            let area = areas[Int(owner)], box = bounds[Int(owner)]
            guard area >= 16, box.width >= 4, box.height >= 4 else { continue }
            var keypoints: [Double] = []
            var labeled = 0
            for point in drawing.keypoints {
                var v = point.visibility
                guard let pixelOwner = canvas.owner(atX: point.x, y: point.y) else {
                    keypoints += [0, 0, 0]
                    continue
                }
                if v == 2 && pixelOwner != owner { v = 1 }
                if v > 0 { labeled += 1 }
                keypoints += v > 0 ? [round2(point.x), round2(point.y), Double(v)] : [0, 0, 0]
            }
            let polygons = drawing.outline.map { contour in
                contour.flatMap { [round2(min(max($0.x, 0), w)), round2(min(max($0.y, 0), h))] }
            }
            annotations.append(COCOAnnotation(id: 0, imageID: 0, categoryID: 1,
                                              bbox: [Double(box.x1), Double(box.y1), Double(box.width), Double(box.height)],
                                              area: Double(area), isCrowd: 0, segmentation: .polygons(polygons),
                                              keypoints: keypoints, numKeypoints: labeled))
        }
        let crowdArea = crowdMask.reduce(0) { $0 + Int($1) }
        if crowdArea >= 16 {
            let box = crowd.reduce(BoundingBox(x1: .infinity, y1: .infinity, x2: -.infinity, y2: -.infinity)) { $0.union(bounds[Int($1)]) }
            annotations.append(COCOAnnotation(id: 0, imageID: 0, categoryID: 1,
                                              bbox: [Double(box.x1), Double(box.y1), Double(box.width), Double(box.height)],
                                              area: Double(crowdArea), isCrowd: 1,
                                              segmentation: .rle(COCORLE(mask: crowdMask, width: canvas.width, height: canvas.height)),
                                              keypoints: [Double](repeating: 0, count: 51), numKeypoints: 0))
        }
        return SyntheticPoses(image: canvas.image(), people: annotations)
    }
}
