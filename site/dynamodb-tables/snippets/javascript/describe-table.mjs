// Describe a table
import { DescribeTableCommand, DynamoDBClient } from "@aws-sdk/client-dynamodb";

const client = new DynamoDBClient({ region: "us-west-2" });

// Replace with the name of your table.
const tableName = "Music";

const response = await client.send(
  new DescribeTableCommand({ TableName: tableName }),
);
console.log(response.Table.TableStatus);
