"""Reads zoo's TFRecord shards with TensorFlow and checks every record against its KITTI labels.

Usage: check_tfrecords.py TFRECORD_DIR KITTI_ROOT
Exits non-zero (with a message) on the first mismatch.
"""
import glob
import json
import os
import sys

import tensorflow as tf

FEATURES = {
    "frame/id": tf.io.FixedLenFeature([], tf.string),
    "frame/height": tf.io.FixedLenFeature([], tf.int64),
    "frame/width": tf.io.FixedLenFeature([], tf.int64),
    "target/object_class": tf.io.VarLenFeature(tf.string),
    "target/truncation": tf.io.VarLenFeature(tf.float32),
    "target/occlusion": tf.io.VarLenFeature(tf.int64),
    "target/observation_angle": tf.io.VarLenFeature(tf.float32),
    "target/coordinates_x1": tf.io.VarLenFeature(tf.float32),
    "target/coordinates_y1": tf.io.VarLenFeature(tf.float32),
    "target/coordinates_x2": tf.io.VarLenFeature(tf.float32),
    "target/coordinates_y2": tf.io.VarLenFeature(tf.float32),
    "target/world_bbox_h": tf.io.VarLenFeature(tf.float32),
    "target/world_bbox_w": tf.io.VarLenFeature(tf.float32),
    "target/world_bbox_l": tf.io.VarLenFeature(tf.float32),
    "target/world_bbox_x": tf.io.VarLenFeature(tf.float32),
    "target/world_bbox_y": tf.io.VarLenFeature(tf.float32),
    "target/world_bbox_z": tf.io.VarLenFeature(tf.float32),
    "target/world_bbox_rot_y": tf.io.VarLenFeature(tf.float32),
}


def fail(message):
    print("FAIL: " + message)
    sys.exit(1)


def kitti_objects(root, frame):
    """The valid objects of a label file as TAO's converter keeps them."""
    objects = []
    with open(os.path.join(root, "labels", frame + ".txt")) as f:
        for line in f:
            fields = line.split()
            if not fields:
                continue
            x1, y1, x2, y2 = (float(v) for v in fields[4:8])
            if not (int(x1) < int(x2) and int(y1) < int(y2)):
                continue
            objects.append((fields[0].lower(), int(float(fields[2])), x1, y1, x2, y2))
    return objects


def main():
    shards_dir, kitti_root = sys.argv[1], sys.argv[2]
    shards = sorted(p for p in glob.glob(os.path.join(shards_dir, "*")) if not p.endswith(".json"))
    expected = ["kitti_trainval-fold-%03d-of-002-shard-%05d-of-00004" % (f, s) for f in range(2) for s in range(4)]
    if [os.path.basename(p) for p in shards] != expected:
        fail("shard names %s" % [os.path.basename(p) for p in shards])
    frames = sorted(os.path.splitext(n)[0] for n in os.listdir(os.path.join(kitti_root, "images")))
    seen = {}
    for shard in shards:
        fold = int(os.path.basename(shard).split("-fold-")[1][:3])
        for raw in tf.data.TFRecordDataset([shard]):
            example = tf.io.parse_single_example(raw, FEATURES)
            frame_id = example["frame/id"].numpy().decode()
            if not frame_id.startswith("images/"):
                fail("frame/id %r" % frame_id)
            frame = frame_id[len("images/"):]
            if frame in seen:
                fail("frame %s written twice" % frame)
            seen[frame] = fold
            classes = [c.decode() for c in tf.sparse.to_dense(example["target/object_class"], default_value=b"").numpy()]
            dense = {k: tf.sparse.to_dense(v).numpy() for k, v in example.items() if isinstance(v, tf.sparse.SparseTensor) and k != "target/object_class"}
            if int(example["frame/width"]) != 192 or int(example["frame/height"]) != 128:
                fail("frame size of %s" % frame)
            want = kitti_objects(kitti_root, frame)
            if len(want) != len(classes):
                fail("%s: %d objects in the record, %d in the label file" % (frame, len(classes), len(want)))
            for i, (name, occlusion, x1, y1, x2, y2) in enumerate(want):
                got = (classes[i], int(dense["target/occlusion"][i]), dense["target/coordinates_x1"][i], dense["target/coordinates_y1"][i],
                       dense["target/coordinates_x2"][i], dense["target/coordinates_y2"][i])
                if got[0] != name or got[1] != occlusion or any(abs(a - b) > 1e-3 for a, b in zip(got[2:], (x1, y1, x2, y2))):
                    fail("%s object %d: record %s, label %s" % (frame, i, got, (name, occlusion, x1, y1, x2, y2)))
            for key in FEATURES:
                if key.startswith("target/") and key != "target/object_class" and len(dense[key]) != len(classes):
                    fail("%s: %s has %d values for %d objects" % (frame, key, len(dense[key]), len(classes)))
    if sorted(seen) != frames:
        fail("%d of %d frames written" % (len(seen), len(frames)))
    validation = sorted(f for f, fold in seen.items() if fold == 0)
    if validation != frames[: int(0.2 * len(frames))]:
        fail("validation fold %s" % validation)
    warnings = os.path.join(shards_dir, "kitti_trainval_warning.json")
    with open(warnings) as f:
        if len(json.load(f)) != 1:
            fail("warnings file")
    print("OK: TensorFlow %s parsed %d records in %d shards; every record matches its KITTI labels." % (tf.__version__, len(seen), len(shards)))


if __name__ == "__main__":
    main()
