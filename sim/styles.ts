/**
 * The two looks a scene can be rendered in (config `render.style`): the same geometry, cameras,
 * masks and questions; only the RGB image differs. `realistic`: textured materials, room lights,
 * tone mapping, antialiasing. `flat`: each part in one plain colour under simple lights.
 */
export const STYLES = ['realistic', 'flat'] as const;
export type Style = (typeof STYLES)[number];
