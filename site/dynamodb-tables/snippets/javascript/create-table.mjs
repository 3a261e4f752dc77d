// Create a table
import { CreateTableCommand, DynamoDBClient } from "@aws-sdk/client-dynamodb";

const client = new DynamoDBClient({ region: "us-west-2" });

const response = await client.send(
  new CreateTableCommand({
    TableName: "Orders",
    AttributeDefinitions: [{ AttributeName: "OrderId", AttributeType: "S" }],
    KeySchema: [{ AttributeName: "OrderId", KeyType: "HASH" }],
    BillingMode: "PAY_PER_REQUEST",
  }),
);
console.log(response.TableDescription.TableName);
