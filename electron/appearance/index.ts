export { appearanceHandlers, readAppearance, updateAppearance } from './settings';
