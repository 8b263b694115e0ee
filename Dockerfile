# API and CPU worker image. tfjs-node is optional and usually installs here (the build has internet);
# without it the worker trains on the project's wasm path.
FROM node:20-bookworm-slim
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build:web
EXPOSE 8787
CMD ["npx", "tsx", "main/server.ts"]
