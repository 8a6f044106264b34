# roomsim: `sim` with Node 20 and Debian's Chromium (software WebGL through SwiftShader; no GPU needed).
#   docker build -t roomsim .
#   docker run --rm -v "$PWD/data:/data" roomsim generate --scenes 20 --out /data/demo
FROM node:20-bookworm-slim

RUN apt-get update \
 && apt-get install -y --no-install-recommends chromium fonts-dejavu-core ca-certificates \
 && rm -rf /var/lib/apt/lists/*
ENV SIM_CHROME=/usr/bin/chromium

WORKDIR /opt/roomsim
COPY . .
# npm ci runs the build (the `prepare` script), which bundles the CLI and the renderer page.
RUN npm ci --no-audit --no-fund && npm cache clean --force

ENTRYPOINT ["node", "/opt/roomsim/bin/sim.js"]
CMD ["--help"]
