export { applySavedAppearance, motionReduced, remPx, rowHeightPx, scrollBehavior, useAppearance } from './appearance';
export { AppearanceProvider } from './AppearanceProvider';
export { AppearanceScreen } from './AppearanceScreen';
