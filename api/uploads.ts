import { route } from '../src/server/http/route.js';
import { createUpload } from '../src/server/files/create-upload.js';

export default route({
  POST: async (req, res) => {
    res.status(201).json(await createUpload({ req }));
  },
});
