# zoo — build, test and install. `make test` is what CI runs (.ci/run).
SHELL := /bin/bash
SWIFT ?= swift
PREFIX ?= /usr/local

# Debian packages the build links against (see Package.swift's system-library targets).
APT_PACKAGES := libopenblas-dev libcurl4-openssl-dev libarchive-dev libsqlite3-dev \
                libturbojpeg0-dev libjpeg62-turbo-dev libpng-dev pkg-config

.PHONY: deps build release demo test bench check-onnx check-interop install clean

## deps: install the Debian packages the build needs (only those missing; root or sudo)
deps:
	@scripts/install-deps $(APT_PACKAGES)

## build: debug build of everything
build: deps
	$(SWIFT) build

## release: optimized build of the zoo binary (the Swift runtime linked in statically, so short commands start faster)
release: deps
	$(SWIFT) build -c release --static-swift-stdlib --product zoo

## demo: the VehicleTypeNet workflow end to end (dataset → zoo → fine-tune → prune → retrain → INT8 export); outputs in ./demo
demo: deps
	scripts/demo

## test: deps, then the whole test suite in release mode (numeric code is 20-100x slower in debug)
test: deps
	$(SWIFT) test -c release

## bench: every benchmark under bench/ (each bench/<area>/run builds what it needs and prints its results)
bench: deps
	@set -e; for b in bench/*/run; do echo "== $$b"; "$$b"; done

## check-onnx: zoo's ONNX exports against onnxruntime (a PyPI venv in ~/.cache/zoo); non-zero on any mismatch
check-onnx: deps
	Tests/interop/check-onnx

## check-interop: TensorFlow reads zoo's TFRecord shards (a PyPI venv in ~/.cache/zoo); non-zero on any mismatch
check-interop: deps
	Tests/interop/check-tfrecords

## install: the zoo binary into $(PREFIX)/bin, the model catalog into $(PREFIX)/share/zoo/registry
install: release
	install -d "$(DESTDIR)$(PREFIX)/bin" "$(DESTDIR)$(PREFIX)/share/zoo"
	install -m 755 "$$($(SWIFT) build -c release --show-bin-path)/zoo" "$(DESTDIR)$(PREFIX)/bin/zoo"
	rm -rf "$(DESTDIR)$(PREFIX)/share/zoo/registry" && cp -R registry "$(DESTDIR)$(PREFIX)/share/zoo/registry"

clean:
	rm -rf .build
