// The course's own pieces, shared by the tutorials app and the web app.
export { courseCatsRule } from './course-cats-rule.js';
export { courseNetwork } from './course-network.js';
