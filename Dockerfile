# Gerbang container image: one static binary (musl), run as a non-root user, state in /data.
#   docker build -t gerbang .
#   docker run -p 5005:5005 -v gerbang-data:/data gerbang
# `.ci/image-smoke` runs the binary the way this image does, where no Docker daemon exists.

# --- build: a static x86_64 binary against musl -------------------------------------------
FROM rust:1.95-alpine AS build
# musl-dev: libc for the static link; ring and SQLite (bundled) compile C code.
RUN apk add --no-cache musl-dev
WORKDIR /src
COPY . .
RUN cargo build --release --locked -p gerbang --target x86_64-unknown-linux-musl \
 && install -D -m 0755 target/x86_64-unknown-linux-musl/release/gerbang /out/gerbang \
 && mkdir -p /out/data

# --- run: no shell, no package manager; CA certificates for WhatsApp and webhooks -----------
FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/gerbang /usr/local/bin/gerbang
# The volume's first contents: an empty directory the non-root user owns.
COPY --from=build --chown=65532:65532 /out/data /data
USER 65532:65532
ENV GERBANG_HOST=0.0.0.0 \
    GERBANG_PORT=5005 \
    GERBANG_DATA_DIR=/data \
    GERBANG_LOG_FORMAT=json
VOLUME ["/data"]
EXPOSE 5005
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
  CMD ["gerbang", "healthcheck"]
ENTRYPOINT ["gerbang"]
CMD ["serve"]
