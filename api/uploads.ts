import { route } from '../src/server/http/route';
import { createUpload } from '../src/server/use-cases/create-upload';

export default route({
  POST: async (req, res) => {
    res.status(201).json(await createUpload({ req }));
  },
});
