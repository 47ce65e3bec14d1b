export * from './documents.js'
export * from './profiles.js'
export * from './render.js'
