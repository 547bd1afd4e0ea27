// Types for layers.js (plain JS because eslint.config.js loads it without a TypeScript loader).
export declare const srcLayers: Readonly<Record<string, readonly string[]>>
export declare function featureFolders(): string[]
export declare const layerZones: ReadonlyArray<{ target: string; from: string; message: string; except?: string[] }>
export declare const testZones: typeof layerZones
export declare const e2eZones: typeof layerZones
