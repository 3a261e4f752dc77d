import { KMSClient } from "@aws-sdk/client-kms";

const client = new KMSClient({ region: "us-west-2" });
