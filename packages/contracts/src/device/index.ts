// MDS 0.9.5 wire shapes: digitalId, deviceInfo, deviceData, discovery, info and capture responses.
export {};
